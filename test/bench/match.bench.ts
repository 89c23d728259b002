/**
 * `npm run bench:match` — the matching engine from one village to a Y-county-sized county,
 * against the same model solved in one piece by HiGHS (with a time limit) and, while it copes,
 * javascript-lp-solver's LP relaxation. Prints the machine and its load, then per size: wall
 * time, the child process's peak RSS, objective, LP bound and gap, and the engine/reference
 * time ratios measured in the same run.
 *
 * Every measurement runs in a fresh child process (this file, forked with `--child`), so that
 * peak RSS (`process.resourceUsage().maxRSS`) is that measurement's own and a reference solve
 * that runs too long can be ended. The engine and per-township measurements warm up first (three
 * 1-village runs: HiGHS loaded, solver threads started), and so do the reference solvers (three
 * 1-village solves); the engine's cold start is measured once on its own, in another fresh process.
 *
 * The per-township figure is the engine only (in memory, no database load or save), one run per
 * township (20 villages), one after another; `test/bench/nightly.bench.ts` times the real
 * nightly path against PostgreSQL.
 *
 * Options (environment):
 *   BENCH_SIZES=1,10,50,150,445     villages per county
 *   BENCH_WHOLE_MAX=∞               largest county also solved as one engine run
 *   BENCH_MONO_HIGHS_MAX=∞          largest county solved in one piece by HiGHS
 *   BENCH_HIGHS_TIME_LIMIT=600      seconds; HiGHS's own `time_limit` (the child is killed if it overruns by half again + 60 s)
 *   BENCH_MONO_JSL_MAX=10           largest county whose whole-model LP relaxation javascript-lp-solver solves
 *   BENCH_JSL_TIME_LIMIT=600        seconds; javascript-lp-solver has no limit of its own, so its child is killed
 *   BENCH_NEEDS=150 BENCH_HELPERS=60 per village
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { monolithicModel, runMatching } from '../../src/matching/engine.ts';
import { loadHighsSolver, toLpFormat } from '../../src/matching/solve-highs.ts';
import { objectiveOf, solveWithJsLpSolver } from '../../src/matching/solve-jsl.ts';
import type { MatchInput, MatchResult } from '../../src/matching/types.ts';
import { generateInstance } from '../support/match-instances.ts';
import { loadFooter, machineHeader } from './machine.ts';

const numberEnv = (name: string, fallback: number) => {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : Number(raw);
};
const sizes = (process.env.BENCH_SIZES ?? '1,10,50,150,445').split(',').map(Number);
const wholeMax = numberEnv('BENCH_WHOLE_MAX', Infinity);
const highsMax = numberEnv('BENCH_MONO_HIGHS_MAX', Infinity);
const highsLimitS = numberEnv('BENCH_HIGHS_TIME_LIMIT', 600);
const jslMax = numberEnv('BENCH_MONO_JSL_MAX', 10);
const jslLimitS = numberEnv('BENCH_JSL_TIME_LIMIT', 600);
const needsPerVillage = numberEnv('BENCH_NEEDS', 150);
const helpersPerVillage = numberEnv('BENCH_HELPERS', 60);

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const gb = (kb: number) => `${(kb / 1024 / 1024).toFixed(2)} GB`;
const mbOf = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
/**
 * BENCH_COVERAGE: HEADCOUNT (default here) keeps the weighted objective that the one-piece HiGHS
 * reference solves, so Δ(engine − HiGHS) means something; BANDS_FIRST (the county default) adds
 * the lexicographic stages, whose optimality the tests check against HiGHS stage by stage.
 */
const coverage = (process.env.BENCH_COVERAGE ?? 'HEADCOUNT') as 'HEADCOUNT' | 'BANDS_FIRST';
const county = (villages: number) => {
  const input = generateInstance({ villages, needsPerVillage, helpersPerVillage, seed: 7 });
  return { ...input, policy: { ...input.policy, coverage } };
};
/** Peak resident set of this process so far, in kB (Linux: ru_maxrss). */
const peakKb = () => process.resourceUsage().maxRSS;

// ---------------------------------------------------------------------------------------------
// Child side: one measurement per process.

type Mode = 'startup' | 'engine' | 'nightly' | 'highs' | 'jsl';

interface EngineReport {
  ms: number;
  rssBeforeBytes: number;
  peakKb: number;
  metrics: MatchResult['metrics'];
}
interface NightlyReport {
  ms: number;
  runs: number;
  slowestMs: number;
  needs: number;
  proposals: number;
  objective: number;
  peakKb: number;
}
interface StartupReport {
  coldMs: number;
  warmMs: number;
}
interface ReferenceReport {
  ms: number;
  status: string;
  objective: number | null;
  variables: number;
  rows: number;
  rssBeforeBytes: number;
  peakKb: number;
}

async function warmUp(): Promise<void> {
  const small = generateInstance({ villages: 1, needsPerVillage, helpersPerVillage, seed: 99 });
  for (let i = 0; i < 3; i += 1) await runMatching(small);
}

/** The county cut into township runs, as the nightly jobs cut it; each sees every organisation. */
async function byTownship(input: MatchInput): Promise<Omit<NightlyReport, 'peakKb'>> {
  const townships = [...new Set(input.needs.map((n) => n.regionPath[1]))].sort();
  let ms = 0;
  let slowestMs = 0;
  let objective = 0;
  let proposals = 0;
  for (const township of townships) {
    const needs = input.needs.filter((n) => n.regionPath[1] === township);
    const helpers = input.helpers.filter((h) => h.regionPath.includes(township) || h.personId === null);
    const started = performance.now();
    const result = await runMatching({ ...input, needs, helpers });
    const took = performance.now() - started;
    ms += took;
    slowestMs = Math.max(slowestMs, took);
    objective += result.metrics.objective;
    proposals += result.proposals.length;
  }
  return { ms, runs: townships.length, slowestMs, objective, needs: input.needs.length, proposals };
}

async function child(mode: Mode, villages: number): Promise<unknown> {
  if (mode === 'startup') {
    const small = generateInstance({ villages: 1, needsPerVillage, helpersPerVillage, seed: 99 });
    let started = performance.now();
    await runMatching(small);
    const coldMs = performance.now() - started;
    await runMatching(small);
    await runMatching(small);
    started = performance.now();
    await runMatching(small);
    return { coldMs, warmMs: performance.now() - started } satisfies StartupReport;
  }
  if (mode === 'engine' || mode === 'nightly') {
    await warmUp();
    const input = county(villages);
    global.gc?.();
    const rssBeforeBytes = process.memoryUsage().rss;
    if (mode === 'nightly') return { ...(await byTownship(input)), peakKb: peakKb() } satisfies NightlyReport;
    const started = performance.now();
    const result = await runMatching(input);
    const ms = performance.now() - started;
    return { ms, rssBeforeBytes, peakKb: peakKb(), metrics: result.metrics } satisfies EngineReport;
  }
  const model = monolithicModel(county(villages));
  const shape = { variables: model.variables.length, rows: model.rows.length };
  // A fresh process runs its first solves slowly (WebAssembly and JavaScript tier up: 2.9 s, 2.4 s,
  // then 0.5 s for one village's model with HiGHS, measured); the engine child is warmed up, so is this one.
  const warmModel = monolithicModel(generateInstance({ villages: 1, needsPerVillage, helpersPerVillage, seed: 99 }));
  if (mode === 'highs') {
    const highs = await loadHighsSolver();
    for (let i = 0; i < 3; i += 1)
      highs.solve(toLpFormat(warmModel, false), { output_flag: false, mip_rel_gap: 1e-9 } as never);
    global.gc?.();
    const rssBeforeBytes = process.memoryUsage().rss;
    const started = performance.now();
    // The engine's own HiGHS options (src/matching/solve-highs.ts) plus HiGHS's wall-clock limit.
    let result: ReturnType<typeof highs.solve>;
    try {
      result = highs.solve(toLpFormat(model, false), {
        output_flag: false,
        mip_rel_gap: 1e-9,
        time_limit: highsLimitS,
      } as never);
    } catch (error) {
      // e.g. the WebAssembly build running out of its memory on a county-sized model.
      const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return {
        ms: performance.now() - started,
        status: `threw ${what.slice(0, 300)}`,
        objective: null,
        ...shape,
        rssBeforeBytes,
        peakKb: peakKb(),
      } satisfies ReferenceReport;
    }
    const ms = performance.now() - started;
    let objective: number | null = null;
    const columns = result.Columns as Record<string, { Primal?: number }> | undefined;
    if (
      (result.Status === 'Optimal' || result.Status === 'Time limit reached') &&
      columns &&
      Object.keys(columns).length > 0
    ) {
      const values = new Float64Array(model.variables.length);
      model.variables.forEach((_, index) => {
        values[index] = columns[`v${index}`]?.Primal ?? 0;
      });
      // A time-limited solve may return columns without an integer solution behind them: check it.
      const feasible =
        model.rows.every((row) => {
          const lhs = row.terms.reduce((sum, [index, coefficient]) => sum + coefficient * values[index], 0);
          return row.op === '=' ? Math.abs(lhs - row.rhs) <= 1e-6 : lhs <= row.rhs + 1e-6;
        }) &&
        model.variables.every(
          (variable, index) =>
            values[index] >= -1e-6 &&
            values[index] <= variable.upper + 1e-6 &&
            (!variable.binary || Math.abs(values[index] - Math.round(values[index])) <= 1e-6),
        );
      if (feasible) objective = objectiveOf(model, values);
    }
    return {
      ms,
      status: result.Status,
      objective,
      ...shape,
      rssBeforeBytes,
      peakKb: peakKb(),
    } satisfies ReferenceReport;
  }
  for (let i = 0; i < 3; i += 1) solveWithJsLpSolver(warmModel, true);
  global.gc?.();
  const rssBeforeBytes = process.memoryUsage().rss;
  const started = performance.now();
  const relaxed = solveWithJsLpSolver(model, true);
  return {
    ms: performance.now() - started,
    status: relaxed.feasible ? 'Optimal' : 'not feasible',
    objective: relaxed.objective,
    ...shape,
    rssBeforeBytes,
    peakKb: peakKb(),
  } satisfies ReferenceReport;
}

// ---------------------------------------------------------------------------------------------
// Parent side.

type Outcome<T> = { ok: true; report: T; wallMs: number } | { ok: false; why: string; wallMs: number };

function measure<T>(mode: Mode, villages: number, killAfterS = Infinity): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    const started = performance.now();
    const proc: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child', mode, String(villages)], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let report: T | undefined;
    let killed = false;
    let stderr = '';
    proc.stderr!.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      stderr = (
        stderr +
        chunk
          .toString()
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => `${line.slice(0, 300)}\n`)
          .join('')
      ).slice(-2000);
    });
    const timer = Number.isFinite(killAfterS)
      ? setTimeout(() => {
          killed = true;
          proc.kill('SIGKILL');
        }, killAfterS * 1000)
      : undefined;
    proc.on('message', (message: T) => {
      report = message;
    });
    proc.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      const wallMs = performance.now() - started;
      if (report !== undefined) resolve({ ok: true, report, wallMs });
      else if (killed) resolve({ ok: false, why: `child killed after ${seconds(wallMs)}`, wallMs });
      else
        resolve({
          ok: false,
          why: `child ended (${signal ?? `exit ${code}`}) without a result: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
          wallMs,
        });
    });
  });
}

async function parent(): Promise<void> {
  console.log(
    machineHeader(
      `matching benchmark: ${needsPerVillage} needs and ${helpersPerVillage} helpers per village (seed 7), coverage ${coverage}; sizes ${sizes.join(', ')}; ` +
        `whole-county engine run up to ${wholeMax}, HiGHS whole model up to ${highsMax} villages (time limit ${highsLimitS} s), ` +
        `javascript-lp-solver relaxation up to ${jslMax} (time limit ${jslLimitS} s); each measurement in a fresh child process`,
    ),
  );

  const startup = await measure<StartupReport>('startup', 1);
  if (startup.ok) {
    const { coldMs, warmMs } = startup.report;
    console.log(
      `\ncold start: first 1-village engine run in a fresh process ${seconds(coldMs)}, fourth run ${seconds(warmMs)}: ` +
        `loading HiGHS and starting the solver threads cost about ${seconds(coldMs - warmMs)} once per process (the figures below are warm)`,
    );
  } else console.log(`\ncold start: ${startup.why}`);

  const rows: string[] = [];
  for (const villages of sizes) {
    console.log(`\n## ${villages} villages`);
    let engine: EngineReport | undefined;
    let engineCell = 'not run';
    let ratioCell = '';
    let highsCell = 'not run';
    let enginePeak = '';
    let highsPeak = '';
    if (villages <= wholeMax) {
      const outcome = await measure<EngineReport>('engine', villages);
      if (outcome.ok) {
        engine = outcome.report;
        const m = engine.metrics;
        engineCell = seconds(engine.ms);
        enginePeak = gb(engine.peakKb);
        console.log(
          `${m.needs} needs, ${m.helpers} helpers, ${m.arcs} arcs, ${m.components} components (largest ${m.largestComponent} needs)`,
        );
        console.log(
          `engine, whole county, one run  ${seconds(engine.ms).padStart(9)}  objective ${m.objective.toFixed(3)}  LP bound ${m.lpBound.toFixed(3)}  gap ${(m.gap * 100).toFixed(4)} %  ` +
            `solved by jsLPSolver ${m.solvedWith.jsLpSolver}, HiGHS ${m.solvedWith.highs}`,
        );
        console.log(
          `  child process: RSS ${mbOf(engine.rssBeforeBytes)} with the county generated, before solving; peak RSS ${gb(engine.peakKb)} (input + engine + solver threads)`,
        );
        console.log(
          `  coverage ${(m.coverage * 100).toFixed(1)} %  tiers ${JSON.stringify(m.tierMix)}  max load ${(m.maxLoadShare * 100).toFixed(0)} %  Gini ${m.loadGini.toFixed(3)}`,
        );
      } else {
        engineCell = outcome.why;
        console.log(`engine, whole county: ${outcome.why}`);
      }
    }

    const nightly = await measure<NightlyReport>('nightly', villages);
    let nightlyCell: string;
    if (nightly.ok) {
      const n = nightly.report;
      nightlyCell = `${seconds(n.ms)} (${n.runs} run${n.runs === 1 ? '' : 's'})`;
      console.log(
        `engine only, one run per township (in memory, no database), one after another: ${n.runs} runs over ${n.needs} needs in ${seconds(n.ms)} ` +
          `(slowest ${seconds(n.slowestMs)}), ${n.proposals} proposals, objective ${n.objective.toFixed(3)}; child peak RSS ${gb(n.peakKb)}`,
      );
    } else {
      nightlyCell = nightly.why;
      console.log(`engine only, per township: ${nightly.why}`);
    }

    if (villages <= highsMax) {
      const outcome = await measure<ReferenceReport>('highs', villages, highsLimitS * 1.5 + 60);
      if (outcome.ok) {
        const h = outcome.report;
        highsPeak = gb(h.peakKb);
        const delta =
          engine && h.objective !== null
            ? `  Δ(engine − HiGHS) ${(engine.metrics.objective - h.objective).toExponential(2)}`
            : '';
        if (h.status === 'Optimal') {
          highsCell = seconds(h.ms);
          if (engine) ratioCell = (engine.ms / h.ms).toFixed(2);
          console.log(
            `HiGHS, whole model (${h.variables} variables, ${h.rows} rows)  ${seconds(h.ms).padStart(9)}  objective ${h.objective!.toFixed(3)}${delta}  ` +
              `engine/HiGHS time ratio ${ratioCell || 'n/a'}; child peak RSS ${gb(h.peakKb)}`,
          );
        } else if (h.status === 'Time limit reached') {
          highsCell = `time limit ${highsLimitS} s reached`;
          if (engine) ratioCell = `< ${(engine.ms / h.ms).toFixed(2)}`;
          const best =
            h.objective === null
              ? 'no integer solution found'
              : `best integer solution so far ${h.objective.toFixed(3)}${delta}`;
          console.log(
            `HiGHS, whole model (${h.variables} variables, ${h.rows} rows): time limit ${highsLimitS} s reached (stopped after ${seconds(h.ms)}); ${best}; ` +
              `engine/HiGHS time ratio ${ratioCell || 'n/a'}; child peak RSS ${gb(h.peakKb)}`,
          );
        } else {
          highsCell = `failed after ${seconds(h.ms)}: ${h.status}`;
          console.log(
            `HiGHS, whole model (${h.variables} variables, ${h.rows} rows): failed after ${seconds(h.ms)}: ${h.status}; child peak RSS ${gb(h.peakKb)}`,
          );
        }
      } else {
        highsCell = outcome.why.startsWith('child killed')
          ? `did not stop at its time limit (${highsLimitS} s); ${outcome.why}`
          : outcome.why;
        console.log(`HiGHS, whole model: ${highsCell}`);
      }
    }

    if (villages <= jslMax) {
      const outcome = await measure<ReferenceReport>('jsl', villages, jslLimitS);
      if (outcome.ok) {
        const j = outcome.report;
        console.log(
          `javascript-lp-solver, whole model, LP relaxation only (its branch and bound does not finish) ${seconds(j.ms)}  bound ${j.objective!.toFixed(3)}` +
            `${engine ? `  engine/jsLPSolver time ratio ${(engine.ms / j.ms).toFixed(2)}` : ''}; child peak RSS ${gb(j.peakKb)}`,
        );
      } else {
        const why = outcome.why.startsWith('child killed')
          ? `time limit ${jslLimitS} s reached (${outcome.why})`
          : outcome.why;
        console.log(`javascript-lp-solver, whole model, LP relaxation: ${why}`);
      }
    }

    const m = engine?.metrics;
    rows.push(
      `| ${villages} | ${m ? m.needs.toLocaleString('en') : ''} | ${m ? m.arcs.toLocaleString('en') : ''} | ${engineCell} | ${highsCell} | ${ratioCell} | ${nightlyCell} | ${enginePeak} | ${highsPeak} |`,
    );
  }

  console.log(
    '\n| villages | needs | arcs | engine, one run | HiGHS, whole model | engine/HiGHS | engine only, per township | peak RSS, engine child | peak RSS, HiGHS child |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log(`\n${loadFooter()}`);
}

if (process.argv[2] === '--child') {
  const result = await child(process.argv[3] as Mode, Number(process.argv[4]));
  process.send!(result, () => process.exit(0));
} else {
  await parent();
}
