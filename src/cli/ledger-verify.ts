import type { DataSource } from 'typeorm';
import { verifyLedger } from '../modules/time-bank/ledger.ts';

/**
 * `huzhu ledger verify` (issue #17): for every county with a time-bank log (or the one named by
 * id or code), recomputes each entry's leaf from its rows, the positions, the Merkle root and
 * every balance, and prints the root; names the first entry that does not match. Returns false
 * when anything does not.
 */
export async function ledgerVerify(
  dataSource: DataSource,
  region: string | undefined,
  say: (message: string) => void,
): Promise<boolean> {
  const counties: { id: string; code: string; name: string }[] = await dataSource.query(
    `SELECT r.id, r.code, r.name FROM region r
      WHERE r.kind = 'COUNTY' AND EXISTS (SELECT 1 FROM ledger_account a WHERE a.county_id = r.id)
        AND ($1::text IS NULL OR r.code = $1 OR r.id::text = $1)
      ORDER BY r.code`,
    [region ?? null],
  );
  if (counties.length === 0) say(region ? `No time-bank log for ${region}` : 'No time-bank log yet');
  let ok = true;
  for (const county of counties) {
    const started = performance.now();
    const report = await verifyLedger(dataSource.manager, county.id);
    const ms = Math.round(performance.now() - started);
    if (report.firstBad)
      say(
        `${county.name} (${county.code}): entry ${report.firstBad.position} (${report.firstBad.id}) does not match: ${report.firstBad.why}`,
      );
    if (report.badBalances.length > 0)
      say(`${county.name} (${county.code}): ${report.badBalances.length} balances are not the sum of their postings`);
    if (report.firstBad || report.badBalances.length > 0) ok = false;
    else say(`${county.name} (${county.code}): ${report.entries} entries verified in ${ms} ms, root ${report.root}`);
  }
  return ok;
}
