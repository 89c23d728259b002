/**
 * Chinese resident identity numbers (GB 11643-1999): 17 digits and a check character,
 * with the birth date in positions 7–14.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Why the number is not valid, or undefined when it is. */
export function idNumberProblem(value: string): string | undefined {
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return 'must be 17 digits followed by a digit or X';
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return 'contains no valid birth date';
  }
  if (idNumberCheckCharacter(value.slice(0, 17)) !== value[17]) return 'has a wrong check character';
  return undefined;
}

export function birthYearOfIdNumber(value: string): number {
  return Number(value.slice(6, 10));
}
