import type { DataSource } from 'typeorm';

/** Every table of the schema, read from the database itself, so a new table is covered without a list to keep. */
async function allTables(ds: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await ds.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migration'
      ORDER BY table_name`,
  );
  return rows.map((row) => row.name);
}

/**
 * A digest of every table's rows, to prove that a refused mutation wrote nothing at all;
 * `except` leaves out tables the caller digests its own way (see `digestTables`).
 */
export async function snapshot(
  ds: DataSource,
  options: { except?: readonly string[] } = {},
): Promise<Record<string, string>> {
  const tables = (await allTables(ds)).filter((table) => !options.except?.includes(table));
  return digestTables(ds, tables);
}

/** A table to digest, optionally only the rows a WHERE clause keeps (e.g. all but a run's own). */
export type DigestTable = string | { table: string; where: string; params?: unknown[] };

/** Tables a match run may touch, besides those `snapshot` covers. */
export const MATCHING_TABLES = [
  'match_run',
  'match_proposal',
  'match_unmet',
  'public_need',
  'public_need_event',
  'outbox_cursor',
  'charity_pledge',
  'sharing_consent',
];

/**
 * Like `snapshot`, for the tables named (with the rows each WHERE clause keeps): a count and an
 * md5 over the rows' text, so any inserted, deleted or changed row changes the digest.
 */
export async function digestTables(ds: DataSource, tables: DigestTable[]): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of tables) {
    const { table, where, params } =
      typeof entry === 'string' ? { table: entry, where: 'true', params: [] } : { params: [], ...entry };
    const rows = await ds.query(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest FROM ${table} t WHERE ${where}`,
      params,
    );
    result[table] = `${rows[0].n}:${rows[0].digest}`;
  }
  return result;
}
