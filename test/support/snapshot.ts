import type { DataSource } from 'typeorm';

const TABLES = [
  'region', 'household', 'person', 'relationship', 'organisation', 'organisation_service_area',
  'organisation_member', 'audit_entry', 'mutation_receipt', 'county_policy', 'need', 'need_status_change',
  'need_helper_preference', 'helper', 'helper_availability', 'certificate', 'assignment',
];

/** A digest of every table's rows, to prove that a refused mutation wrote nothing at all. */
export async function snapshot(ds: DataSource): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of TABLES) {
    const rows = await ds.query(`SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest FROM ${table} t`);
    result[table] = `${rows[0].n}:${rows[0].digest}`;
  }
  return result;
}

/** A table to digest, optionally only the rows a WHERE clause keeps (e.g. all but a run's own). */
export type DigestTable = string | { table: string; where: string; params?: unknown[] };

/** Tables a match run may touch, besides those `snapshot` covers. */
export const MATCHING_TABLES = ['match_run', 'match_proposal', 'match_unmet', 'public_need', 'public_need_event', 'outbox_cursor', 'charity_pledge', 'sharing_consent'];

/**
 * Like `snapshot`, for the tables named (with the rows each WHERE clause keeps): a count and an
 * md5 over the rows' text, so any inserted, deleted or changed row changes the digest.
 */
export async function digestTables(ds: DataSource, tables: DigestTable[]): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of tables) {
    const { table, where, params } = typeof entry === 'string' ? { table: entry, where: 'true', params: [] } : { params: [], ...entry };
    const rows = await ds.query(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest FROM ${table} t WHERE ${where}`, params);
    result[table] = `${rows[0].n}:${rows[0].digest}`;
  }
  return result;
}
