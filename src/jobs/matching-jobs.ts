import PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';
import { createRun, executeRun, failLapsedRuns } from '../modules/matching/match-run.service.ts';
import { Region } from '../modules/region/region.entity.ts';
import { RegionKind } from '../modules/region/region.enums.ts';
import { today } from '../common/time.ts';
import { createEventBus } from '../modules/event-handlers.ts';

/**
 * The nightly matching on pg-boss: a cron job (Asia/Shanghai) fans out one job per township,
 * so any number of `huzhu worker` processes on any number of machines share the night.
 * Failed township jobs are retried with exponential backoff.
 */
export const NIGHTLY_QUEUE = 'matching-nightly';
/** Every minute: runs whose lease lapsed are failed as abandoned. */
export const REAPER_QUEUE = 'matching-reaper';
export const TOWNSHIP_QUEUE = 'matching-township';
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
  /** Lease of the runs this worker executes. */
  leaseMs?: number;
}

/** Starts working both queues; returns when the worker is listening. */
export async function startWorker(
  boss: PgBoss,
  dataSource: DataSource,
  log: (message: string) => void,
  options: WorkerOptions = {},
): Promise<void> {
  const reap = async () => {
    const failed = await failLapsedRuns(dataSource.manager);
    if (failed.length > 0) log(`failed ${failed.length} abandoned run(s) whose lease lapsed: ${failed.join(', ')}`);
  };
  await reap();
  await prepareQueues(boss);
  await scheduleNightly(boss, options.cron ?? DEFAULT_CRON);
  await boss.schedule(REAPER_QUEUE, '* * * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.work(REAPER_QUEUE, reap);
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
}
