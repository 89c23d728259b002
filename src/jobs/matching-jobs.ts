import { refreshNeedPriorities } from '../modules/need/need-priority-keys.ts';
import PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';
import { createRun, executeRun, failLapsedRuns } from '../modules/matching/match-run.service.ts';
import { Region } from '../modules/region/region.entity.ts';
import { RegionKind } from '../modules/region/region.enums.ts';
import { today } from '../common/time.ts';
import { createEventBus } from '../modules/event-handlers.ts';
import { MatchRun } from '../modules/matching/match-run.entity.ts';
import { DEFAULT_RUN_LEASE_SECONDS } from '../config.ts';
import { startDispatcher } from './dispatcher.ts';
import { dispatchAwaitingRuns, RUN_CHANNEL, RUN_QUEUE, type RunJob } from '../modules/matching/run-queue.ts';
import { executeRunOnThread, RunThread } from '../modules/matching/run-in-thread.ts';

/**
 * The nightly matching on pg-boss: a cron job (Asia/Shanghai) fans out one job per township,
 * so any number of `huzhu worker` processes on any number of machines share the night.
 * Failed township jobs are retried with exponential backoff.
 */
export const NIGHTLY_QUEUE = 'matching-nightly';
/** Every minute: runs whose lease lapsed are failed as abandoned. */
export const REAPER_QUEUE = 'matching-reaper';
export const TOWNSHIP_QUEUE = 'matching-township';
/** Every 10 minutes: needs' stored priority scores follow the clock (days waited, the age of 80). */
export const PRIORITY_QUEUE = 'need-priorities';
export const DEFAULT_CRON = '0 2 * * *';

export interface TownshipJob {
  regionId: string;
  night: string;
}

/**
 * pg-boss reports a lost connection (e.g. a database dropped or restarted under it) as an
 * 'error' event; an EventEmitter with no listener throws that as an uncaught exception, so every
 * boss gets one, and its errors are said, not swallowed.
 */
export function createBoss(url: string, onError: (error: Error) => void): PgBoss {
  const boss = new PgBoss({ connectionString: url, application_name: 'huzhu-jobs', max: 4 });
  boss.on('error', onError);
  return boss;
}

/** Queues exist before anything is sent to them (pg-boss 10). */
export async function prepareQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(NIGHTLY_QUEUE, { name: NIGHTLY_QUEUE, policy: 'singleton' });
  await boss.createQueue(REAPER_QUEUE, { name: REAPER_QUEUE, policy: 'singleton' });
  await boss.createQueue(PRIORITY_QUEUE, { name: PRIORITY_QUEUE, policy: 'singleton' });
  // A run whose worker died is not retried: its lease lapses and it is failed with the reason.
  await boss.createQueue(RUN_QUEUE, { name: RUN_QUEUE, policy: 'standard', retryLimit: 0, expireInSeconds: 3600 });
  // 'stately': a township's job for a night is queued at most once and runs at most once at a time.
  await boss.createQueue(TOWNSHIP_QUEUE, {
    name: TOWNSHIP_QUEUE,
    policy: 'stately',
    retryLimit: 4,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 3600,
  });
}

export async function scheduleNightly(boss: PgBoss, cron: string): Promise<void> {
  await boss.schedule(NIGHTLY_QUEUE, cron, {}, { tz: 'Asia/Shanghai' });
}

/** One job per township of every county (or of `countyId`); a township is queued once a night. */
export async function enqueueTownships(
  boss: PgBoss,
  dataSource: DataSource,
  night: string,
  countyId?: string,
): Promise<number> {
  const townships = await dataSource.manager.find(Region, {
    where: { kind: RegionKind.TOWNSHIP, ...(countyId ? { countyId } : {}) },
    order: { code: 'ASC' },
  });
  for (const township of townships) {
    await boss.send(TOWNSHIP_QUEUE, { regionId: township.id, night } satisfies TownshipJob, {
      singletonKey: `${township.id}:${night}`,
    });
  }
  return townships.length;
}

export async function runTownshipJob(
  dataSource: DataSource,
  job: TownshipJob,
  log: (message: string) => void,
  leaseMs?: number,
): Promise<string> {
  const region = await dataSource.manager.findOneByOrFail(Region, { id: job.regionId });
  const run = await createRun(dataSource.manager, region, false, `nightly:${job.night}`, leaseMs);
  const finished = await executeRun(dataSource, run.id, {
    bus: createEventBus(log),
    progress: (fraction, message) => log(`${region.code} ${Math.round(fraction * 100)} % ${message}`),
    leaseMs,
  });
  return finished.id;
}

export interface WorkerOptions {
  /** When the nightly matching runs (Asia/Shanghai). */
  cron?: string;
  /** Schedule the nightly matching (default); tests that only need queued runs turn it off. */
  nightly?: boolean;
  /** Lease of the runs this worker executes. */
  leaseMs?: number;
  /** Solve queued runs on a thread of their own (an API process that is also its own worker). */
  inThread?: boolean;
  /** How often the dispatcher looks for runs queued from the API, besides being woken by NOTIFY. */
  pollMs?: number;
}

export interface MatchingWorker {
  /** Gives runs queued from the API their jobs now (tests, and the NOTIFY handler). */
  dispatch(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts working the queues; returns when the worker is listening. */
export async function startWorker(
  boss: PgBoss,
  dataSource: DataSource,
  log: (message: string) => void,
  options: WorkerOptions = {},
): Promise<MatchingWorker> {
  const reap = async () => {
    const failed = await failLapsedRuns(dataSource.manager);
    if (failed.length > 0) log(`failed ${failed.length} abandoned run(s) whose lease lapsed: ${failed.join(', ')}`);
  };
  await reap();
  await prepareQueues(boss);
  if (options.nightly ?? true) await scheduleNightly(boss, options.cron ?? DEFAULT_CRON);
  await boss.schedule(REAPER_QUEUE, '* * * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.work(REAPER_QUEUE, reap);
  await boss.schedule(PRIORITY_QUEUE, '*/10 * * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.work(PRIORITY_QUEUE, async () => {
    const changed = await refreshNeedPriorities(dataSource.manager);
    if (changed > 0) log(`re-scored ${changed} needs as days passed`);
  });
  await boss.work(NIGHTLY_QUEUE, async () => {
    // The night is named by its date in China (the cron runs at 02:00 Asia/Shanghai, still yesterday in UTC).
    const night = today();
    const count = await enqueueTownships(boss, dataSource, night);
    log(`nightly ${night}: queued ${count} township runs`);
  });
  await boss.work<TownshipJob>(TOWNSHIP_QUEUE, { batchSize: 1 }, async ([job]) => {
    const runId = await runTownshipJob(dataSource, job.data, log, options.leaseMs);
    return { runId };
  });
  return startRunQueue(boss, dataSource, log, options);
}

/** One line about a finished run, for the log: its figures, no personal data. */
async function runFigures(dataSource: DataSource, runId: string): Promise<string> {
  const run = await dataSource.manager.findOneByOrFail(MatchRun, { id: runId });
  const metrics = run.metrics as { needs?: number; coverage?: number; solveMs?: number } | null;
  const took = run.finishedAt && run.startedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null;
  return (
    `match run ${run.id}${run.focusNeedId ? ' (focused)' : ''}${run.dryRun ? ' (dry)' : ''}: ${run.status}, ` +
    `${metrics?.needs ?? 0} needs, coverage ${Math.round((metrics?.coverage ?? 0) * 100)} %, ${took ?? '?'} ms`
  );
}

/**
 * Runs queued from the API: a dispatcher (woken by NOTIFY when such a run commits, and polling
 * as a backstop) gives each its pg-boss job; the job solves it, one run at a time per process,
 * beside the township jobs.
 */
async function startRunQueue(
  boss: PgBoss,
  dataSource: DataSource,
  log: (message: string) => void,
  options: WorkerOptions,
): Promise<MatchingWorker> {
  const leaseMs = options.leaseMs ?? DEFAULT_RUN_LEASE_SECONDS * 1000;
  const thread = options.inThread ? new RunThread((dataSource.options as { url: string }).url, log) : undefined;
  thread?.warm();
  const runWorker = await boss.work<RunJob>(RUN_QUEUE, { batchSize: 1 }, async ([job]) => {
    if (thread) await executeRunOnThread(thread, dataSource, job.data.runId, leaseMs, log);
    else await executeRun(dataSource, job.data.runId, { bus: createEventBus(log), leaseMs });
    log(await runFigures(dataSource, job.data.runId));
    return { runId: job.data.runId };
  });
  const dispatcher = await startDispatcher({
    url: (dataSource.options as { url: string }).url,
    channel: RUN_CHANNEL,
    applicationName: 'huzhu-match-runs',
    pollMs: options.pollMs ?? 5000,
    work: async () => {
      if ((await dispatchAwaitingRuns(dataSource, boss)) > 0) boss.notifyWorker(runWorker);
    },
    onError: (error) => log(`match runs: dispatch failed: ${error.message}`),
  });
  await dispatcher.dispatch();
  return {
    dispatch: dispatcher.dispatch,
    async stop() {
      await dispatcher.stop();
      await boss.offWork(RUN_QUEUE);
      await thread?.close();
    },
  };
}
