import type PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';
import { today } from '../common/time.ts';
import { markMissedVisits, scheduleVisits } from '../modules/visit/visit-schedule.ts';

/** Daily, 00:30 in China: every ACTIVE agreement's visits laid out over the coming days. */
export const VISIT_SCHEDULE_QUEUE = 'visit-schedule';
/** Every 10 minutes: visits whose window and grace period passed unrecorded become MISSED. */
export const VISIT_MISSED_QUEUE = 'visit-missed';

/**
 * The care jobs on pg-boss (issue #15), on the platform's clock (`now`: HUZHU_CLOCK in tests and
 * demos). Both are idempotent, so a job that runs twice or late does no harm.
 */
export async function startCareJobs(
  boss: PgBoss,
  dataSource: DataSource,
  log: (message: string) => void,
  now: () => Date,
): Promise<{ stop(): Promise<void> }> {
  await boss.createQueue(VISIT_SCHEDULE_QUEUE, { name: VISIT_SCHEDULE_QUEUE, policy: 'singleton' });
  await boss.createQueue(VISIT_MISSED_QUEUE, { name: VISIT_MISSED_QUEUE, policy: 'singleton' });
  await boss.schedule(VISIT_SCHEDULE_QUEUE, '30 0 * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.schedule(VISIT_MISSED_QUEUE, '*/10 * * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.work(VISIT_SCHEDULE_QUEUE, async () => {
    const { added, removed } = await scheduleVisits(dataSource.manager, today(now()));
    log(`visits laid out from ${today(now())}: ${added} added, ${removed} no longer called for removed`);
  });
  await boss.work(VISIT_MISSED_QUEUE, async () => {
    const missed = await markMissedVisits(dataSource.manager, now());
    if (missed.length > 0) log(`${missed.length} visits MISSED`);
  });
  return {
    async stop() {
      await boss.offWork(VISIT_SCHEDULE_QUEUE);
      await boss.offWork(VISIT_MISSED_QUEUE);
    },
  };
}
