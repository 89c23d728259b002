import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NeedFeed } from '../../../src/modules/public-need/need-feed.ts';
import { createDataSource } from '../../../src/db/data-source.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

/** Background work that fails says so, instead of swallowing the error. */
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

describe('the need feed', () => {
  it('logs a failed outbox read instead of swallowing it', async () => {
    const dataSource = createDataSource({ url: db.url, poolSize: 1 });
    await dataSource.initialize();
    const warnings: string[] = [];
    const feed = new NeedFeed(
      dataSource,
      { warn: ((_: unknown, message: string) => void warnings.push(message)) as never },
      60_000,
    );
    const stream = feed.follow('account', 'key', 0n, () => true);
    // The outbox read needs the database: take it away under the feed, then wake it.
    await dataSource.destroy();
    feed.wake();
    for (let i = 0; i < 100 && warnings.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warnings).toContain('need feed: reading the outbox failed; the next wake or poll retries');
    await stream.return!();
    await feed.stop();
  });
});
