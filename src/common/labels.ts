import { registerEnumType } from 'type-graphql';

/** One value's labels for people, in Chinese and English. */
export type Labels = readonly [zh: string, en: string];

export interface EnumLabel {
  enumName: string;
  value: string;
  labelZh: string;
  labelEn: string;
}

const registry = new Map<string, EnumLabel[]>();

/**
 * Registers a GraphQL enum whose every value has labels a UI can show as they are (Chinese
 * first, English beside it): the labels become the values' descriptions in the SDL and are
 * served by the `enumLabels` query, so a console needs no translation table of its own.
 */
export function registerLabelledEnum<E extends Record<string, string>>(
  enumObject: E,
  name: string,
  description: string,
  labels: { [K in keyof E]: Labels },
): void {
  registerEnumType(enumObject, {
    name,
    description,
    valuesConfig: Object.fromEntries(
      Object.entries(labels).map(([value, [zh, en]]) => [value, { description: `${zh} — ${en}` }]),
    ) as never,
  });
  registry.set(
    name,
    Object.entries(labels).map(([value, [zh, en]]) => ({ enumName: name, value, labelZh: zh, labelEn: en })),
  );
}

/** Labels of the named enums (all labelled enums when none is named), in declaration order. */
export function enumLabels(names?: readonly string[] | null): EnumLabel[] {
  const wanted = names?.length ? names : [...registry.keys()].sort();
  return wanted.flatMap((name) => registry.get(name) ?? []);
}

export function labelledEnumNames(): string[] {
  return [...registry.keys()].sort();
}
