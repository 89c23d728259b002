/**
 * `npm run bench:match` — the matching engine from one village to a Y-county-sized county,
 * against the same model solved in one piece by javascript-lp-solver (while it copes) and by
 * HiGHS. Prints wall time, memory, objective, LP bound and gap, and the ratios.
 *
 * It also times the nightly way: one run per township (20 villages each), as the jobs do.
 *
 * Options (environment): BENCH_SIZES=1,10,50,150,445  BENCH_MONO_JSL_MAX=10  BENCH_MONO_HIGHS_MAX=50
 * BENCH_WHOLE_MAX=50 (largest county solved as one run)  BENCH_NEEDS=150 BENCH_HELPERS=60 (per village)
 */
import { monolithicModel, runMatching } from '../../src/matching/engine.ts';
import { loadHighsSolver, solveWithHighs } from '../../src/matching/solve-highs.ts';
import { solveWithJsLpSolver } from '../../src/matching/solve-jsl.ts';
import type { MatchInput } from '../../src/matching/types.ts';
import { generateInstance } from '../support/match-instances.ts';

const sizes = (process.env.BENCH_SIZES ?? '1,10,50,150,445').split(',').map(Number);
const jslMax = Number(process.env.BENCH_MONO_JSL_MAX ?? 10);
const highsMax = Number(process.env.BENCH_MONO_HIGHS_MAX ?? 50);
const wholeMax = Number(process.env.BENCH_WHOLE_MAX ?? 50);
const needsPerVillage = Number(process.env.BENCH_NEEDS ?? 150);
const helpersPerVillage = Number(process.env.BENCH_HELPERS ?? 60);

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

const highs = await loadHighsSolver();
console.log(`matching benchmark: ${needsPerVillage} needs and ${helpersPerVillage} helpers per village; node ${process.version}`);
/** The county cut into township runs, as the nightly jobs cut it; each sees every organisation. */
async function byTownship(input: MatchInput): Promise<{ ms: number; runs: number; objective: number; needs: number; proposals: number }> {
  const townships = [...new Set(input.needs.map((n) => n.regionPath[1]))].sort();
  let ms = 0;
  let objective = 0;
  let proposals = 0;
  for (const township of townships) {
    const needs = input.needs.filter((n) => n.regionPath[1] === township);
    const helpers = input.helpers.filter((h) => h.regionPath.includes(township) || h.personId === null);
    const started = performance.now();
    const result = await runMatching({ ...input, needs, helpers });
    ms += performance.now() - started;
    objective += result.metrics.objective;
    proposals += result.proposals.length;
  }
  return { ms, runs: townships.length, objective, needs: input.needs.length, proposals };
}

for (const villages of sizes) {
  const input = generateInstance({ villages, needsPerVillage, helpersPerVillage, seed: 7 });
  global.gc?.();
  const nightly = await byTownship(input);
  console.log(`\n## ${villages} villages, nightly: ${nightly.runs} township runs over ${nightly.needs} needs in ${seconds(nightly.ms)} (${nightly.proposals} proposals)`);
  if (villages > wholeMax) continue;
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const result = await runMatching(input);
  const engineMs = performance.now() - started;
  const rss = process.memoryUsage().rss;
  const m = result.metrics;
  console.log(`\n## ${villages} villages: ${m.needs} needs, ${m.helpers} helpers, ${m.arcs} arcs, ${m.components} components (largest ${m.largestComponent} needs)`);
  console.log(`engine       ${seconds(engineMs).padStart(9)}  rss ${mb(rss)} (+${mb(rss - rssBefore)})  objective ${m.objective.toFixed(3)}  LP bound ${m.lpBound.toFixed(3)}  gap ${(m.gap * 100).toFixed(4)} %  solved by jsLPSolver ${m.solvedWith.jsLpSolver}, HiGHS ${m.solvedWith.highs}`);
  console.log(`             coverage ${(m.coverage * 100).toFixed(1)} %  tiers ${JSON.stringify(m.tierMix)}  max load ${(m.maxLoadShare * 100).toFixed(0)} %  Gini ${m.loadGini.toFixed(3)}`);
  const model = monolithicModel(input);
  if (villages <= highsMax) {
    const mono = timed(() => solveWithHighs(highs, model, false));
    console.log(`HiGHS mono   ${seconds(mono.ms).padStart(9)}  objective ${mono.value.objective.toFixed(3)}  Δ ${(m.objective - mono.value.objective).toExponential(2)}  engine/HiGHS time ratio ${(engineMs / mono.ms).toFixed(2)}`);
  }
  if (villages <= jslMax) {
    const mono = timed(() => solveWithJsLpSolver(model, true));
    console.log(`jsLPSolver mono (LP relaxation only; its branch and bound does not finish) ${seconds(mono.ms)}  bound ${mono.value.objective.toFixed(3)}  engine/jsLPSolver time ratio ${(engineMs / mono.ms).toFixed(2)}`);
  }
}
