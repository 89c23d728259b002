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
