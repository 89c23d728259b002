/**
 * `node --expose-gc --import tsx test/bench/nightly.bench.ts` — the nightly matching the way a
 * `huzhu worker` runs it, on a real PostgreSQL: a seeded county, then `runTownshipJob` (the
 * township queue's handler: create the run, load the township from the database, solve, write
 * proposals, unmet needs, need statuses and the charities' outbox in one transaction) for every
 * township, one after another, in this one process — as one worker with `batchSize: 1` does.
 * pg-boss's own queueing is not included. The first township carries the process's cold start
 * (loading HiGHS, starting the solver threads), as a freshly started worker's first job does.
 *
 * Per phase it reports where the time went, from the run's own progress reports: loading
 * (`loadMatchInput`), solving (`runMatching`), writing (`saveResult`).
 *
 * Then the day: an API server and its own matching worker in this process, as `huzhu start` runs
 * them (runs solved on one warm thread), and BENCH_DAY_NEEDS needs entered one after another
 * through GraphQL `createNeed`, each for an elder without one, in villages drawn from a seeded
 * random stream; for each, the time from sending `createNeed` until its focused run has written
 * its answer (a proposal, or the unmet list): p50, p95 and the slowest.
 *
 * Options (environment): BENCH_VILLAGES=12  BENCH_DAY_NEEDS=20  BENCH_NIGHTLY_TOWNSHIPS (run only the
 * first N townships' nightly jobs, e.g. when one takes minutes; the rest are not measured)
 * BENCH_DATABASE_URL (an admin URL; default: a throwaway embedded PostgreSQL on this machine)
 */
import 'reflect-metadata';
import { runTownshipJob } from '../../src/jobs/matching-jobs.ts';
import { MatchRun } from '../../src/modules/matching/match-run.entity.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { RegionKind } from '../../src/modules/region/region.enums.ts';
import { seedCounty } from '../../seeds/index.ts';
import { openBenchDatabase } from './database.ts';
import { measureDayRuns } from './day-runs.ts';
import { loadFooter, machineHeader } from './machine.ts';

const villages = Number(process.env.BENCH_VILLAGES ?? 12);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const n = (x: number) => x.toLocaleString('en');

console.log(
  machineHeader(`nightly matching benchmark, real path (database load, engine, save): ${villages} villages, seed 7`),
);
const db = await openBenchDatabase('huzhu-bench-nightly');
console.log(`database: ${db.where}`);
const { dataSource } = db;

interface Township {
  code: string;
  ms: number;
  loadMs: number;
  solveMs: number;
  engineMs: number;
  saveMs: number;
  needs: number;
  proposals: number;
  unmet: number;
}

try {
  const started = performance.now();
  const summary = await seedCounty(dataSource, { villages, seed: 7 });
  console.log(
    `seed (incl. consent and publishing to the feed): ${n(summary.townships)} townships, ${n(summary.villages)} villages, ${n(summary.people)} people ` +
      `(${n(summary.elders)} elders), ${n(summary.relationships)} ties, ${n(summary.organisations)} organisations, ${n(summary.helpers)} helpers, ${n(summary.needs)} needs ` +
      `in ${seconds(performance.now() - started)}`,
  );

  const allTownships = await dataSource.manager.find(Region, {
    where: { kind: RegionKind.TOWNSHIP, countyId: summary.countyId },
    order: { code: 'ASC' },
  });
  const townships = allTownships.slice(0, Number(process.env.BENCH_NIGHTLY_TOWNSHIPS ?? allTownships.length));
  if (townships.length < allTownships.length)
    console.log(
      `nightly: only the first ${townships.length} of ${allTownships.length} townships (BENCH_NIGHTLY_TOWNSHIPS)`,
    );
  const night = new Date().toISOString().slice(0, 10);
  const results: Township[] = [];
  const allStarted = performance.now();
  for (const township of townships) {
    // The job's progress reports mark the phases: 5 % loading, 30 % solving, 90 % writing, 100 % done.
    const marks = new Map<number, number>();
    const t0 = performance.now();
    const runId = await runTownshipJob(dataSource, { regionId: township.id, night }, (message) => {
      const percent = /\s(\d+) %/.exec(message);
      if (percent) marks.set(Number(percent[1]), performance.now());
    });
    const t1 = performance.now();
    const run = await dataSource.manager.findOneByOrFail(MatchRun, { id: runId });
    const metrics = run.metrics as { needs: number; proposals?: number; solveMs: number; unmet?: number } | null;
    const [{ proposals }] = await dataSource.query(
      'SELECT count(*)::int AS proposals FROM match_proposal WHERE run_id = $1',
      [runId],
    );
    const [{ unmet }] = await dataSource.query('SELECT count(*)::int AS unmet FROM match_unmet WHERE run_id = $1', [
      runId,
    ]);
    const at = (percent: number, fallback: number) => marks.get(percent) ?? fallback;
    const entry: Township = {
      code: township.code,
      ms: t1 - t0,
      loadMs: at(30, t0) - at(5, t0),
      solveMs: at(90, t1) - at(30, t0),
      engineMs: metrics?.solveMs ?? Number.NaN,
      saveMs: at(100, t1) - at(90, t1),
      needs: metrics?.needs ?? 0,
      proposals,
      unmet,
    };
    results.push(entry);
    console.log(
      `${township.code} ${township.name}: ${seconds(entry.ms)} in all (load ${seconds(entry.loadMs)}, solve ${seconds(entry.solveMs)} [engine's own ${seconds(entry.engineMs)}], ` +
        `write ${seconds(entry.saveMs)}), ${n(entry.needs)} needs, ${n(entry.proposals)} proposals, ${n(entry.unmet)} unmet`,
    );
  }
  const allMs = performance.now() - allStarted;
  const sum = (pick: (t: Township) => number) => results.reduce((s, t) => s + pick(t), 0);
  const first = results[0];
  console.log(
    `\nnightly, real path, ${results.length} township runs one after another (one worker): ${seconds(allMs)} in all; ` +
      `load ${seconds(sum((t) => t.loadMs))}, solve ${seconds(sum((t) => t.solveMs))}, write ${seconds(sum((t) => t.saveMs))}, other (run records, job bookkeeping) ` +
      `${seconds(allMs - sum((t) => t.loadMs + t.solveMs + t.saveMs))}; ${n(sum((t) => t.needs))} needs, ${n(sum((t) => t.proposals))} proposals, ${n(sum((t) => t.unmet))} unmet`,
  );
  if (first)
    console.log(
      `the first township's solve carries this process's cold start (HiGHS, solver threads): ${seconds(first.solveMs)} for ${n(first.needs)} needs`,
    );
  console.log(
    `peak RSS of this process (seeding included; PostgreSQL is another process): ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GB`,
  );
  console.log(`\n| villages | needs | townships | nightly, real path, one worker | load | solve | write |`);
  console.log(
    `| ${villages} | ${n(sum((t) => t.needs))} | ${results.length} | ${seconds(allMs)} | ${seconds(sum((t) => t.loadMs))} | ${seconds(sum((t) => t.solveMs))} | ${seconds(sum((t) => t.saveMs))} |`,
  );
  await measureDayRuns(dataSource, summary.countyId, Number(process.env.BENCH_DAY_NEEDS ?? 20));
} finally {
  await db.close();
}
console.log(`\n${loadFooter()}`);
