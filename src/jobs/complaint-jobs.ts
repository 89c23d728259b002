import type PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';
import {
  COMPLAINT_DEADLINE_QUEUE,
  COMPLAINT_TIMER_CHANNEL,
  dispatchComplaintTimers,
  escalateOverdueComplaint,
  type ComplaintDeadlineJob,
} from '../modules/complaint/complaint-timer.ts';
import { startDispatcher } from './dispatcher.ts';

/**
 * The complaints' 24-hour timer on pg-boss (issue #16): a dispatcher (woken by the NOTIFY a new
 * complaint sends, polling as a backstop) gives each complaint a job starting at its
 * acknowledgement deadline; the job escalates it to the township if it is still RECEIVED.
 * Idempotent: a job that runs twice or late changes nothing more.
 */
export async function startComplaintJobs(
  boss: PgBoss,
  dataSource: DataSource,
  log: (message: string) => void,
  options: { pollMs?: number; pollingIntervalSeconds?: number } = {},
): Promise<{ stop(): Promise<void> }> {
  await boss.createQueue(COMPLAINT_DEADLINE_QUEUE, {
    name: COMPLAINT_DEADLINE_QUEUE,
    policy: 'standard',
    retryLimit: 5,
    retryDelay: 60,
    retryBackoff: true,
  });
  await boss.work<ComplaintDeadlineJob>(
    COMPLAINT_DEADLINE_QUEUE,
    { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    async (jobs) => {
      for (const job of jobs) {
        try {
          if (await escalateOverdueComplaint(dataSource, job.data.complaintId))
            log('a complaint was not acknowledged in time: escalated to its township');
        } catch (error) {
          // Said, then thrown: pg-boss retries the job with backoff.
          log(`complaint deadline job failed: ${(error as Error).message.slice(0, 200)}`);
          throw error;
        }
      }
    },
  );
  const dispatcher = await startDispatcher({
    url: (dataSource.options as { url: string }).url,
    channel: COMPLAINT_TIMER_CHANNEL,
    applicationName: 'huzhu-complaint-dispatcher',
    pollMs: options.pollMs ?? 60_000,
    work: async () => void (await dispatchComplaintTimers(dataSource, boss)),
    onError: (error) => log(`complaint timers: ${error.message.slice(0, 200)}`),
  });
  await dispatcher.dispatch();
  return {
    async stop() {
      await dispatcher.stop();
      await boss.offWork(COMPLAINT_DEADLINE_QUEUE);
    },
  };
}
