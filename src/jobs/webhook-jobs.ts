import type PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';
import type { WebhookConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { startDispatcher } from './dispatcher.ts';
import { PUBLIC_NEED_CHANNEL } from '../modules/public-need/public-need.publish.ts';
import {
  attemptDelivery,
  dispatchOutbox,
  prepareWebhookQueue,
  pruneOutbox,
  WEBHOOK_QUEUE,
  type DeliveryJob,
} from '../modules/webhook/webhook.delivery.ts';

const DELIVERY_BATCH = 50;

export interface WebhookWorker {
  /** Dispatches now (tests, and the NOTIFY handler). */
  dispatch(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Webhook delivery on pg-boss: a dispatcher fans the outbox out into deliveries (woken by
 * NOTIFY, with a poll as a backstop), and pg-boss workers make the HTTP attempts. Run it in any
 * number of worker processes: the dispatcher's cursor is locked, jobs are fetched once.
 */
export async function startWebhookWorker(
  boss: PgBoss,
  dataSource: DataSource,
  config: WebhookConfig,
  options: { logger: Logger; pollMs?: number; pollingIntervalSeconds?: number; say?: (message: string) => void },
): Promise<WebhookWorker> {
  await prepareWebhookQueue(boss, config);
  let workerId: string | undefined;
  const dispatcher = await startDispatcher({
    url: (dataSource.options as { url: string }).url,
    channel: PUBLIC_NEED_CHANNEL,
    applicationName: 'huzhu-webhooks',
    pollMs: options.pollMs ?? 5000,
    work: async () => {
      const count = await dispatchOutbox(dataSource, boss);
      if (count > 0) {
        options.say?.(`webhooks: queued ${count} deliveries`);
        // New work: this process's delivery worker fetches now instead of at its next poll.
        if (workerId) boss.notifyWorker(workerId);
      }
    },
    onError: (error) => options.logger.error({ err: { message: error.message } }, 'webhook dispatch failed'),
  });
  const prune = async () => {
    try {
      const removed = await pruneOutbox(dataSource, config.retentionDays);
      if (removed > 0)
        options.say?.(`webhooks: pruned ${removed} outbox events older than ${config.retentionDays} days`);
    } catch (error) {
      options.logger.error({ err: { message: (error as Error).message } }, 'outbox pruning failed');
    }
  };
  const pruning = setInterval(() => void prune(), 3_600_000);
  pruning.unref();

  // Up to 50 jobs a fetch, 10 HTTP attempts at a time: a slow receiver holds one slot, not the batch.
  workerId = await boss.work<DeliveryJob>(
    WEBHOOK_QUEUE,
    { batchSize: DELIVERY_BATCH, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 },
    async (jobs) => {
      const queue = [...jobs];
      const slot = async () => {
        for (let job = queue.shift(); job; job = queue.shift())
          await attemptDelivery(dataSource, boss, config, job.data.deliveryId, options.logger);
      };
      await Promise.all(Array.from({ length: Math.min(10, jobs.length) }, slot));
      // A full batch means more are waiting: fetch again at once rather than after the poll interval.
      if (jobs.length === DELIVERY_BATCH && workerId) boss.notifyWorker(workerId);
    },
  );
  await dispatcher.dispatch();
  return {
    dispatch: dispatcher.dispatch,
    async stop() {
      clearInterval(pruning);
      await boss.offWork(WEBHOOK_QUEUE);
      await dispatcher.stop();
    },
  };
}
