/**
 * `npm run bench:visits` — after the match at county scale (issue #15): seeds a county with its
 * care history (kin-care agreements, 8 weeks of visits), then times laying out 14 days of visits
 * for every ACTIVE agreement from scratch (the daily job's work, after removing the future ones),
 * the MISSED sweep, and the matching of the largest township with the reliability term (the
 * county default weight, 20) against the same input without it (weight 0): the ratio is the
 * term's cost. Each matching is solved BENCH_VISITS_ROUNDS times (default 2), alternating.
 *
 * Options (environment): BENCH_VILLAGES=445  BENCH_VISITS_ROUNDS=2  BENCH_DATABASE_URL (an admin
 * URL; default: a throwaway embedded PostgreSQL)
 */
import 'reflect-metadata';
import { closeSolverPool, runMatching } from '../../src/matching/engine.ts';
import { today } from '../../src/common/time.ts';
import { loadMatchInput } from '../../src/modules/matching/match-input.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { markMissedVisits, scheduleVisits } from '../../src/modules/visit/visit-schedule.ts';
import { seedCounty } from '../../seeds/index.ts';
import { openBenchDatabase } from './database.ts';
import { loadFooter, machineHeader } from './machine.ts';

const villages = Number(process.env.BENCH_VILLAGES ?? 445);
const rounds = Number(process.env.BENCH_VISITS_ROUNDS ?? 2);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const n = (x: number) => x.toLocaleString('en');

console.log(machineHeader(`visits benchmark: ${villages} villages (seed 7), ${rounds} matching rounds each way`));
const db = await openBenchDatabase('huzhu-bench-visits');
console.log(`database: ${db.where}`);
try {
  let started = performance.now();
  const summary = await seedCounty(db.dataSource, { villages, seed: 7 });
  console.log(
    `seeded ${n(summary.people)} people, ${n(summary.needs)} needs, ${n(summary.agreements)} agreements, ${n(summary.visits)} visits in ${s(performance.now() - started)}`,
  );
  await db.dataSource.query('VACUUM ANALYZE');
  const day = today();
  const [, removed] = (await db.dataSource.query(
    `DELETE FROM visit WHERE status = 'SCHEDULED' AND scheduled_date >= $1`,
    [day],
  )) as [unknown, number];
  started = performance.now();
  const laid = await scheduleVisits(db.dataSource.manager, day);
  const layMs = performance.now() - started;
  started = performance.now();
  const again = await scheduleVisits(db.dataSource.manager, day);
  const againMs = performance.now() - started;
  started = performance.now();
  const missed = await markMissedVisits(db.dataSource.manager, new Date());
  const missedMs = performance.now() - started;
  console.log(
    `14 days of visits from ${day}, every ACTIVE agreement (${n(removed)} future visits removed first): ${n(laid.added)} added in ${s(layMs)}; ` +
      `run again (nothing to do): ${n(again.added)} added, ${n(again.removed)} removed in ${s(againMs)}; MISSED sweep: ${n(missed.length)} in ${s(missedMs)}`,
  );

  const [largest] = await db.dataSource.query(
    `SELECT t.id FROM region t JOIN region v ON v.parent_id = t.id JOIN need n ON n.region_id IN (SELECT id FROM region WHERE v.id = ANY(path))
      WHERE t.kind = 'TOWNSHIP' AND n.status = 'OPEN' GROUP BY t.id ORDER BY count(*) DESC LIMIT 1`,
  );
  const township = await db.dataSource.manager.findOneByOrFail(Region, { id: largest.id });
  started = performance.now();
  const { input } = await loadMatchInput(db.dataSource.manager, township, day);
  const withRecord = input.helpers.filter((h) => h.reliability).length;
  console.log(
    `township ${township.name}: ${n(input.needs.length)} needs, ${n(input.helpers.length)} helpers (${n(withRecord)} with a record), loaded in ${s(performance.now() - started)}`,
  );
  const times: Record<'with' | 'without', number[]> = { with: [], without: [] };
  let objectives = '';
  for (let round = 0; round < rounds; round += 1) {
    for (const mode of round % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
      const weight = mode === 'with' ? input.policy.reliabilityWeight : 0;
      started = performance.now();
      const result = await runMatching({ ...input, policy: { ...input.policy, reliabilityWeight: weight } });
      times[mode].push(performance.now() - started);
      if (round === 0) objectives += ` ${mode}: ${result.proposals.length} proposals;`;
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `matching the township, ${rounds} rounds:${objectives} without the term ${times.without.map(s).join(', ')} (mean ${s(mean(times.without))}), ` +
      `with it ${times.with.map(s).join(', ')} (mean ${s(mean(times.with))}); ratio with/without ${(mean(times.with) / mean(times.without)).toFixed(3)}`,
  );
} finally {
  await closeSolverPool();
  await db.close();
  console.log(loadFooter());
}
