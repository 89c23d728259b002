import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Characters no input may carry: NUL (PostgreSQL cannot store it in text), the other C0 controls
 * but tab, line feed and carriage return, DEL, the C1 controls (terminal escapes live there and
 * at ESC), and the bidirectional embedding, override and isolate controls, which make text display
 * in an order other than the one stored ("Trojan source").
 */
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

/** In a name, also nothing invisible: zero-width characters, soft hyphens, directional marks, line breaks. */
const INVISIBLE_IN_NAME = /[\t\n\r\u00AD\u061C\u180E\u200B-\u200F\u2028\u2029\u2060-\u2064\uFEFF]/u;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a string may not be stored, naming the first offending character; undefined when it is fine. */
export function unsafeTextProblem(value: string): string | undefined {
  const found = UNSAFE.exec(value);
  return found ? `contains a control character (${codePoint(found[0])})` : undefined;
}

export function nameProblem(value: string): string | undefined {
  const unsafe = unsafeTextProblem(value);
  if (unsafe) return unsafe;
  const found = INVISIBLE_IN_NAME.exec(value);
  return found ? `contains an invisible character or line break (${codePoint(found[0])})` : undefined;
}

/** A name as stored: trimmed and in Unicode NFC, so that the same name is always the same bytes. */
export function cleanName(value: string): string {
  return value.normalize('NFC').trim();
}

/** class-validator rule for names of people, organisations and places. */
export function IsCleanName(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCleanName',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || nameProblem(value) === undefined,
        defaultMessage: (args) => `${args?.property} ${nameProblem(String(args?.value)) ?? 'is not a valid name'}`,
      },
    },
    options,
  );
}
