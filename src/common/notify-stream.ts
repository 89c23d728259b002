import pg from 'pg';
import type { DataSource } from 'typeorm';
import { pushIterator } from './push-iterator.ts';

interface Follower {
  push: (payload: string) => void;
  end: () => void;
}

/**
 * PostgreSQL NOTIFY as streams for this process's subscriptions: one LISTEN connection per
 * channel, opened on the first follower, fanned out to every follower. Best effort: what is
 * notified while a follower is not connected is not replayed (a console re-reads its list when
 * it reconnects); for a feed that must not lose an event, use an outbox (the charities' feed).
 */
export class NotifyStream {
  private readonly followers = new Set<Follower>();
  private listener: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onError: (error: Error) => void,
  ) {}

  private ensureListening(): Promise<void> {
    if (this.listener || this.stopped) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url, application_name: `huzhu-${this.channel}` });
      client.on('notification', (message) => {
        for (const follower of this.followers) follower.push(message.payload ?? '');
      });
      client.on('error', (error) => {
        this.onError(error);
        this.listener = undefined;
        this.connecting = undefined;
      });
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.listener = client;
    })().catch((error: Error) => {
      this.connecting = undefined;
      this.onError(error);
    });
    return this.connecting;
  }

  /** The payloads notified from now on, as an iterator that lets go at once when the client leaves. */
  async follow(): Promise<AsyncIterableIterator<string>> {
    const stream = pushIterator<string>(
      () => this.followers.delete(follower),
      () => this.stopped,
    );
    const follower: Follower = { push: stream.push, end: stream.end };
    this.followers.add(follower);
    await this.ensureListening();
    return stream.iterator;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const follower of [...this.followers]) follower.end();
    await this.connecting;
    await this.listener?.end().catch(() => {});
    this.listener = undefined;
  }
}

/**
 * One NotifyStream per data source for a channel, opened on the first follower and stopped with
 * the server: what every NOTIFY-backed subscription (care alerts, overdue complaints) shares.
 */
export class NotifyStreams {
  private readonly streams = new Map<DataSource, NotifyStream>();

  constructor(private readonly channel: string) {}

  follow(dataSource: DataSource, onError: (error: Error) => void): Promise<AsyncIterableIterator<string>> {
    let stream = this.streams.get(dataSource);
    if (!stream) {
      stream = new NotifyStream((dataSource.options as { url: string }).url, this.channel, onError);
      this.streams.set(dataSource, stream);
    }
    return stream.follow();
  }

  async stop(dataSource: DataSource): Promise<void> {
    const stream = this.streams.get(dataSource);
    this.streams.delete(dataSource);
    await stream?.stop();
  }
}
