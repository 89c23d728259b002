import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let db: TestDatabase;
let api: TestServer;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  api = await startTestServer(db);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

describe('GET /healthz', () => {
  const health = () => fetch(api.url.replace('/graphql', '/healthz'));

  it('answers 503 until the migrations are applied, then 200', async () => {
    const before = await health();
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ status: 'migrations pending' });

    await db.dataSource.runMigrations({ transaction: 'each' });
    const after = await health();
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ status: 'ok' });
  });
});
