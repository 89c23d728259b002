import type PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';
import { today } from '../common/time.ts';
import { markMissedVisits, markUnconfirmedVisits, scheduleVisits } from '../modules/visit/visit-schedule.ts';
import { Role } from '../auth/role.ts';
import { Viewer } from '../auth/viewer.ts';
import type { Config } from '../config.ts';
import { createContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import { endNoticedAgreements } from '../modules/agreement/agreement-ending.ts';
import { createEventBus } from '../modules/event-handlers.ts';

/** Daily, 00:30 in China: every ACTIVE agreement's visits laid out over the coming days. */
export const VISIT_SCHEDULE_QUEUE = 'visit-schedule';
/** Every 10 minutes: visits whose window and grace period passed unrecorded become MISSED; done ones unconfirmed for 3 days are announced. */
export const VISIT_MISSED_QUEUE = 'visit-missed';

/**
 * The care jobs on pg-boss (issue #15), on the platform's clock (`now`: HUZHU_CLOCK in tests and
 * demos). Both are idempotent, so a job that runs twice or late does no harm.
 */
/**
 * What the daily job does: end the agreements whose helper's notice has run, then lay out the
 * visits from `day`. Its writes are the system's (`system:care-jobs`), with the events they record
 * handled as a mutation's (a need back to OPEN queues its focused run when auto-matching is on).
 */
export async function dailyCareJob(
  dataSource: DataSource,
  config: Config,
  logger: Logger,
  day: string,
): Promise<{ ended: number; added: number; removed: number }> {
  const bus = createEventBus((message) => logger.error(message), {
    autoMatchLeaseMs: config.autoMatch ? config.runLeaseMs : undefined,
  });
  const ctx = createContext(
    dataSource,
    config,
    new Viewer({ subject: 'system:care-jobs', role: Role.ADMIN }),
    logger,
    bus,
  );
  const ended = await endNoticedAgreements(ctx, day);
  const { added, removed } = await scheduleVisits(dataSource.manager, day);
  return { ended, added, removed };
}

export async function startCareJobs(
  boss: PgBoss,
  dataSource: DataSource,
  config: Config,
  logger: Logger,
  log: (message: string) => void,
): Promise<{ stop(): Promise<void> }> {
  const now = config.now;
  await boss.createQueue(VISIT_SCHEDULE_QUEUE, { name: VISIT_SCHEDULE_QUEUE, policy: 'singleton' });
  await boss.createQueue(VISIT_MISSED_QUEUE, { name: VISIT_MISSED_QUEUE, policy: 'singleton' });
  await boss.schedule(VISIT_SCHEDULE_QUEUE, '30 0 * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.schedule(VISIT_MISSED_QUEUE, '*/10 * * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.work(VISIT_SCHEDULE_QUEUE, async () => {
    const day = today(now());
    const { ended, added, removed } = await dailyCareJob(dataSource, config, logger, day);
    log(
      `care ${day}: ${ended} agreements ended after notice; visits ${added} added, ${removed} no longer called for removed`,
    );
  });
  await boss.work(VISIT_MISSED_QUEUE, async () => {
    const missed = await markMissedVisits(dataSource.manager, now());
    if (missed.length > 0) log(`${missed.length} visits MISSED`);
    const unconfirmed = await markUnconfirmedVisits(dataSource.manager, now());
    if (unconfirmed.length > 0) log(`${unconfirmed.length} visits unconfirmed for 3 days`);
  });
  return {
    async stop() {
      await boss.offWork(VISIT_SCHEDULE_QUEUE);
      await boss.offWork(VISIT_MISSED_QUEUE);
    },
  };
}
