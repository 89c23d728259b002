import type PgBoss from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';
import type { WebhookConfig } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import { asPublicNeedEvent } from '../public-need/public-need.service.ts';
import type { FeedEvent } from '../public-need/need-feed.ts';
import { claimOutboxCursor, forgetEventsUpTo, moveOutboxCursor } from '../public-need/public-need.publish.ts';
import { SIGNATURE_HEADER, signatureHeader } from './webhook.signature.ts';
import { recordAudit, SYSTEM_ROLE } from '../../audit/audit.service.ts';
import { EntryChannel } from '../../audit/entry-channel.enum.ts';
import { insertJobs } from '../../common/job-queue.ts';
import { WebhookDeliveryStatus, WebhookEndpointStatus } from './webhook.entity.ts';

export const WEBHOOK_QUEUE = 'webhook-delivery';
const DISPATCH_BATCH = 500;
/** The dispatcher's position in the outbox (a row of outbox_cursor). */
const WEBHOOK_CURSOR = 'webhooks';

export interface DeliveryJob {
  deliveryId: string;
}

/**
 * One job per attempt. An HTTP failure is not a job failure: the handler records it and queues
 * the next attempt itself (its own backoff, from configuration). The queue's retries only cover
 * a worker that died mid-attempt (the job expires and runs again).
 */
export async function prepareWebhookQueue(boss: PgBoss, config: WebhookConfig): Promise<void> {
  await boss.createQueue(WEBHOOK_QUEUE, {
    name: WEBHOOK_QUEUE,
    policy: 'standard',
    retryLimit: 20,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: Math.ceil(config.timeoutMs / 1000) + 60,
  });
}

/** Delay before attempt `attempt + 1`, after `attempt` failures: base · 2^(attempt−1), capped, ±10 % jitter. */
export function retryDelayMs(attempt: number, config: WebhookConfig): number {
  const raw = Math.min(config.retryBaseMs * 2 ** Math.max(attempt - 1, 0), config.retryMaxMs);
  return Math.round(raw * (0.9 + Math.random() * 0.2));
}

function enqueue(em: EntityManager, boss: PgBoss, jobs: { deliveryId: string; startAfter?: Date }[]): Promise<void> {
  return insertJobs(
    em,
    boss,
    jobs.map((job) => ({
      name: WEBHOOK_QUEUE,
      data: { deliveryId: job.deliveryId } satisfies DeliveryJob,
      ...(job.startAfter ? { startAfter: job.startAfter } : {}),
    })),
  );
}

/**
 * Fans the outbox out to the endpoints whose account covers each event (charity_covers), from
 * the dispatcher's cursor on. The deliveries, their jobs and the cursor move in one
 * transaction, so a process killed at any point leaves the outbox to be dispatched again; the
 * cursor row is locked, so one dispatcher works at a time across all workers.
 */
export async function dispatchOutbox(dataSource: DataSource, boss: PgBoss): Promise<number> {
  let total = 0;
  for (;;) {
    const dispatched = await dataSource.transaction(async (em) => {
      const cursor = await claimOutboxCursor(em, WEBHOOK_CURSOR);
      if (!cursor) return -1;
      const [{ upto }]: { upto: string | null }[] = await em.query(
        `SELECT max(position)::text AS upto FROM (SELECT position FROM public_need_event WHERE position > $1 ORDER BY position LIMIT ${DISPATCH_BATCH}) page`,
        [cursor.position],
      );
      if (upto === null) return -1;
      const created: { id: string }[] = await em.query(
        `INSERT INTO webhook_delivery (id, endpoint_id, event_position, next_attempt_at, queued)
         SELECT gen_random_uuid(), w.id, e.position, now(), true
           FROM public_need_event e
           JOIN webhook_endpoint w ON w.status = '${WebhookEndpointStatus.ACTIVE}' AND e.type = ANY (w.event_types)
           JOIN api_account a ON a.id = w.account_id AND a.suspended_at IS NULL
                             AND charity_covers(a.region_ids, a.service_types, e.region_path, e.service_type)
          WHERE e.position > $1 AND e.position <= $2
         ON CONFLICT (endpoint_id, event_position) WHERE replay_of IS NULL DO NOTHING
         RETURNING id`,
        [cursor.position, upto],
      );
      await enqueue(
        em,
        boss,
        created.map((row) => ({ deliveryId: row.id })),
      );
      await moveOutboxCursor(em, WEBHOOK_CURSOR, upto);
      return created.length;
    });
    if (dispatched < 0) break;
    total += dispatched;
  }
  // Deliveries the API created (replays) wait for a job.
  total += await dataSource.transaction(async (em) => {
    const waiting: { id: string }[] = await em.query(
      'SELECT id FROM webhook_delivery WHERE NOT queued ORDER BY created_at LIMIT 500 FOR UPDATE SKIP LOCKED',
    );
    await em.query('UPDATE webhook_delivery SET queued = true WHERE id = ANY($1)', [waiting.map((row) => row.id)]);
    await enqueue(
      em,
      boss,
      waiting.map((row) => ({ deliveryId: row.id })),
    );
    return waiting.length;
  });
  return total;
}

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  created_at: Date;
  endpoint_id: string;
  url: string;
  secret: string;
  endpoint_status: string;
  position: string;
  event_id: string;
  type: FeedEvent['type'];
  public_id: string;
  service_type: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/** The POSTed body: the same event a subscription yields, under a small envelope. */
export function webhookBody(event: FeedEvent): string {
  const { eventId, type, occurredAt, ...data } = asPublicNeedEvent(event);
  return JSON.stringify({ id: eventId, type, createdAt: occurredAt.toISOString(), data });
}

/** One attempt of one delivery; records it, then finishes, retries later or gives up. */
export async function attemptDelivery(
  dataSource: DataSource,
  boss: PgBoss,
  config: WebhookConfig,
  deliveryId: string,
  logger: Logger,
): Promise<void> {
  const [row]: DeliveryRow[] = await dataSource.query(
    `SELECT d.id, d.status, d.attempts, d.created_at, w.id AS endpoint_id, w.url, w.secret, w.status AS endpoint_status,
            e.position::text, e.event_id, e.type, e.public_id, e.service_type, e.payload, e.occurred_at
       FROM webhook_delivery d JOIN webhook_endpoint w ON w.id = d.endpoint_id JOIN public_need_event e ON e.position = d.event_position
      WHERE d.id = $1`,
    [deliveryId],
  );
  if (!row || row.status !== WebhookDeliveryStatus.PENDING) return;
  if (row.endpoint_status !== WebhookEndpointStatus.ACTIVE) {
    await dataSource.query(
      `UPDATE webhook_delivery SET status = '${WebhookDeliveryStatus.FAILED}', last_error = 'endpoint disabled', next_attempt_at = NULL WHERE id = $1`,
      [deliveryId],
    );
    return;
  }
  const body = webhookBody({
    position: row.position,
    eventId: row.event_id,
    type: row.type,
    publicId: row.public_id,
    serviceType: row.service_type,
    payload: row.payload,
    occurredAt: row.occurred_at,
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(row.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Huzhu-Webhooks/1',
        'huzhu-event-id': row.event_id,
        'huzhu-event-type': row.type,
        [SIGNATURE_HEADER]: signatureHeader(row.secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    statusCode = response.status;
    // Not awaited: undici's cancel() can stay pending for good (seen once in CI: both receivers
    // answered 200, the attempts were never recorded). The status is all a delivery needs.
    void response.body?.cancel().catch(() => {});
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
  } catch (failure) {
    const cause = (failure as { cause?: { code?: string } }).cause?.code;
    error =
      (failure as Error).name === 'TimeoutError'
        ? `timed out after ${config.timeoutMs} ms`
        : `${cause ?? (failure as Error).message}`.slice(0, 200);
  }
  const durationMs = Math.round(performance.now() - started);
  const attempt = row.attempts + 1;

  await dataSource.transaction(async (em) => {
    await em.query(
      'INSERT INTO webhook_attempt (delivery_id, attempt, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [deliveryId, attempt, statusCode, error, durationMs],
    );
    if (error === null) {
      await em.query(
        `UPDATE webhook_delivery SET status = '${WebhookDeliveryStatus.DELIVERED}', attempts = $2, last_status_code = $3, last_error = NULL, next_attempt_at = NULL, delivered_at = now() WHERE id = $1`,
        [deliveryId, attempt, statusCode],
      );
      return;
    }
    const delay = retryDelayMs(attempt, config);
    const next = new Date(Date.now() + delay);
    if (next.getTime() - new Date(row.created_at).getTime() > config.giveUpAfterMs) {
      await em.query(
        `UPDATE webhook_delivery SET status = '${WebhookDeliveryStatus.FAILED}', attempts = $2, last_status_code = $3, last_error = $4, next_attempt_at = NULL WHERE id = $1`,
        [deliveryId, attempt, statusCode, error],
      );
      await disableEndpoint(em, row.endpoint_id, attempt, row.created_at, error);
      logger.warn(
        { endpoint: row.endpoint_id, attempts: attempt },
        'webhook endpoint disabled after persistent failure',
      );
      return;
    }
    await em.query(
      'UPDATE webhook_delivery SET attempts = $2, last_status_code = $3, last_error = $4, next_attempt_at = $5 WHERE id = $1',
      [deliveryId, attempt, statusCode, error, next],
    );
    await enqueue(em, boss, [{ deliveryId, startAfter: next }]);
  });
}

/**
 * Retries ran out: the endpoint stops receiving, with a notice on the endpoint (its charity sees
 * it in `webhookEndpoints`) and in the audit trail. Its other pending deliveries fail with it;
 * `updateWebhookEndpoint(enabled: true)` turns it back on and `replayWebhookEvent` resends.
 */
async function disableEndpoint(
  em: EntityManager,
  endpointId: string,
  attempts: number,
  since: Date,
  error: string,
): Promise<void> {
  const reason = `Disabled automatically on ${new Date().toISOString()}: ${attempts} attempts since ${new Date(since).toISOString()} failed (last: ${error}).`;
  const [endpoint]: { county_id: string }[] = await em.query(
    `SELECT a.county_id FROM webhook_endpoint w JOIN api_account a ON a.id = w.account_id WHERE w.id = $1 AND w.status = '${WebhookEndpointStatus.ACTIVE}' FOR UPDATE OF w`,
    [endpointId],
  );
  if (!endpoint) return;
  await em.query(
    `UPDATE webhook_endpoint SET status = '${WebhookEndpointStatus.DISABLED}', disabled_at = now(), disabled_reason = $2 WHERE id = $1`,
    [endpointId, reason],
  );
  await em.query(
    `UPDATE webhook_delivery SET status = '${WebhookDeliveryStatus.FAILED}', last_error = coalesce(last_error, 'endpoint disabled'), next_attempt_at = NULL
      WHERE endpoint_id = $1 AND status = '${WebhookDeliveryStatus.PENDING}'`,
    [endpointId],
  );
  await recordAudit(em, {
    countyId: endpoint.county_id,
    actor: 'system:webhooks',
    actorRole: SYSTEM_ROLE,
    channel: EntryChannel.APP,
    action: 'disableWebhookEndpoint',
    entityType: 'WebhookEndpoint',
    entityId: endpointId,
    changedFields: ['status'],
  });
}

/**
 * Outbox retention: events older than `days` go, with their deliveries and attempts, but never
 * past the dispatcher's cursor. The highest position removed is kept (outbox_cursor 'pruned'),
 * so a subscriber resuming from before it is told to re-read publicNeeds instead of silently
 * missing events.
 */
export async function pruneOutbox(dataSource: DataSource, days: number): Promise<number> {
  return dataSource.transaction(async (em) => {
    const [{ upto }]: { upto: string | null }[] = await em.query(
      `SELECT max(position)::text AS upto FROM public_need_event
        WHERE occurred_at < now() - make_interval(days => $1) AND position <= (SELECT position FROM outbox_cursor WHERE name = $2)`,
      [days, WEBHOOK_CURSOR],
    );
    if (upto === null) return 0;
    await em.query(
      'DELETE FROM webhook_attempt a USING webhook_delivery d WHERE a.delivery_id = d.id AND d.event_position <= $1',
      [upto],
    );
    await em.query('DELETE FROM webhook_delivery WHERE event_position <= $1', [upto]);
    return forgetEventsUpTo(em, upto);
  });
}
