/**
 * Rows per statement when a write sends many rows as one JSON parameter: large enough that a
 * county's nightly run needs few round trips, small enough to keep each statement's parameter
 * (a few MB) well inside PostgreSQL's and the driver's limits.
 */
export const ROWS_PER_STATEMENT = 5000;

/** `items` in slices of at most `size`, in order. */
export function* slices<T>(items: readonly T[], size = ROWS_PER_STATEMENT): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
