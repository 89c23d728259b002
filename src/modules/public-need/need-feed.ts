import pg from 'pg';
import { pushIterator } from '../../common/push-iterator.ts';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../logger.ts';
import { PUBLIC_NEED_CHANNEL } from './public-need.publish.ts';
import type { PublicNeedEventType } from './public-need.enums.ts';

/** An outbox row as a feed reader gets it, already checked against the account's scope. */
export interface FeedEvent {
  position: string;
  eventId: string;
  type: PublicNeedEventType;
  publicId: string;
  serviceType: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

interface Subscriber {
  accountId: string;
  /** The API key it authenticated with: revoking it (or suspending the account) ends the stream. */
  keyId: string;
  /** Last position handed to this subscriber. */
  cursor: bigint;
  accepts: (event: FeedEvent) => boolean;
  push: (event: FeedEvent) => void;
  end: () => void;
}

const BATCH = 500;

/**
 * The outbox as a stream, for the subscriptions of this process. One LISTEN connection wakes
 * it; a slow poll covers wake-ups lost while that connection was down. On each wake it reads
 * the outbox past the slowest subscriber, once for all of them, joined to the accounts with the
 * one scope rule (charity_covers), and hands each subscriber what is new to it. Nothing is kept
 * in memory that the outbox does not hold: a restarted process, or any other process, serves
 * the same events, and a client resumes with `after`.
 */
export class NeedFeed {
  private readonly subscribers = new Set<Subscriber>();
  private listener: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private poll: NodeJS.Timeout | undefined;
  private scanning = false;
  private rescan = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly pollMs = 5000,
  ) {}

  private warn(error: unknown, message: string): void {
    this.logger.warn(
      { err: { type: (error as Error)?.name, message: String((error as Error)?.message ?? error).slice(0, 200) } },
      message,
    );
  }

  async latestPosition(): Promise<bigint> {
    const [row]: { position: string | null }[] = await this.dataSource.query(
      'SELECT max(position)::text AS position FROM public_need_event',
    );
    return BigInt(row.position ?? 0);
  }

  /**
   * Follows the outbox from `cursor` on. A hand-written iterator rather than a generator, so that
   * a client that unsubscribes while nothing is happening is let go at once.
   */
  follow(
    accountId: string,
    keyId: string,
    cursor: bigint,
    accepts: (event: FeedEvent) => boolean,
  ): AsyncIterableIterator<FeedEvent> {
    const stream = pushIterator<FeedEvent>(
      () => this.subscribers.delete(subscriber),
      () => this.stopped,
    );
    const subscriber: Subscriber = { accountId, keyId, cursor, accepts, push: stream.push, end: stream.end };
    this.subscribers.add(subscriber);
    void this.ensureListening().then(
      () => this.wake(),
      () => this.wake(),
    );
    return stream.iterator;
  }

  wake(): void {
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = true;
    void this.scan()
      .catch((error) => this.warn(error, 'need feed: reading the outbox failed; the next wake or poll retries'))
      .finally(() => {
        this.scanning = false;
        if (this.rescan) {
          this.rescan = false;
          this.wake();
        }
      });
  }

  private async scan(): Promise<void> {
    await this.endRevoked();
    for (;;) {
      const subscribers = [...this.subscribers];
      if (subscribers.length === 0) return;
      const from = subscribers.reduce((min, s) => (s.cursor < min ? s.cursor : min), subscribers[0].cursor);
      const accounts = [...new Set(subscribers.map((s) => s.accountId))];
      const rows: {
        position: string;
        event_id: string;
        type: PublicNeedEventType;
        public_id: string;
        service_type: string;
        payload: Record<string, unknown>;
        occurred_at: Date;
        accounts: string[] | null;
      }[] = await this.dataSource.query(
        `WITH page AS (SELECT * FROM public_need_event WHERE position > $1 ORDER BY position LIMIT ${BATCH})
           SELECT p.position::text, p.event_id, p.type, p.public_id, p.service_type, p.payload, p.occurred_at,
                  (SELECT array_agg(a.id) FROM api_account a
                    WHERE a.id = ANY($2) AND a.suspended_at IS NULL AND charity_covers(a.region_ids, a.service_types, p.region_path, p.service_type)) AS accounts
             FROM page p ORDER BY p.position`,
        [from.toString(), accounts],
      );
      if (rows.length === 0) return;
      const last = BigInt(rows.at(-1)!.position);
      for (const row of rows) {
        const position = BigInt(row.position);
        const event: FeedEvent = {
          position: row.position,
          eventId: row.event_id,
          type: row.type,
          publicId: row.public_id,
          serviceType: row.service_type,
          payload: row.payload,
          occurredAt: row.occurred_at,
        };
        for (const subscriber of subscribers) {
          if (position > subscriber.cursor && row.accounts?.includes(subscriber.accountId) && subscriber.accepts(event))
            subscriber.push(event);
        }
      }
      for (const subscriber of subscribers) if (subscriber.cursor < last) subscriber.cursor = last;
      if (rows.length < BATCH) return;
    }
  }

  /** Streams whose key was revoked or expired, or whose account was suspended, end now. */
  private async endRevoked(): Promise<void> {
    const keyIds = [...new Set([...this.subscribers].map((s) => s.keyId))];
    if (keyIds.length === 0) return;
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT k.id FROM api_key k JOIN api_account a ON a.id = k.account_id
        WHERE k.id = ANY($1) AND (k.revoked_at IS NOT NULL OR k.expires_at <= now() OR a.suspended_at IS NOT NULL)`,
      [keyIds],
    );
    const dead = new Set(rows.map((row) => row.id));
    for (const subscriber of [...this.subscribers]) if (dead.has(subscriber.keyId)) subscriber.end();
  }

  private ensureListening(): Promise<void> {
    if (this.listener || this.stopped) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    this.poll ??= setInterval(() => this.wake(), this.pollMs).unref();
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: (this.dataSource.options as { url: string }).url,
      application_name: 'huzhu-feed',
    });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      // Reconnect on the next subscriber or poll; meanwhile the poll keeps the feed moving.
      this.warn(error, 'need feed: the LISTEN connection failed; reconnecting, the poll covers the gap');
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => {});
      if (!this.stopped)
        setTimeout(
          () =>
            void this.ensureListening().catch((failure) =>
              this.warn(failure, 'need feed: reconnecting failed; the poll keeps the feed moving'),
            ),
          1000,
        ).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${PUBLIC_NEED_CHANNEL}`);
    this.listener = client;
    // Whatever was written while we were not listening.
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    for (const subscriber of [...this.subscribers]) subscriber.end();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => {});
  }
}

const feeds = new WeakMap<DataSource, NeedFeed>();

/** One feed per process and database. */
export function needFeed(dataSource: DataSource, logger: Pick<Logger, 'warn'>): NeedFeed {
  let feed = feeds.get(dataSource);
  if (!feed) feeds.set(dataSource, (feed = new NeedFeed(dataSource, logger)));
  return feed;
}

export async function stopNeedFeed(dataSource: DataSource): Promise<void> {
  const feed = feeds.get(dataSource);
  feeds.delete(dataSource);
  await feed?.stop();
}
