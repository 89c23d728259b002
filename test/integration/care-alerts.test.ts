import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { markUnconfirmedVisits } from '../../src/modules/visit/visit-schedule.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Visits done but unconfirmed for 3 days reach the coordinator's console as they happen
 * (issue #15): the sweep announces each once on `careAlertRaised`, beside the `careAlerts` query.
 */
let db: TestDatabase;
let api: TestServer;
let village: Region;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 1, seed: 6, today: '2026-12-08' });
  village = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'VILLAGE' as never });
  api = await startTestServer(db, { HUZHU_CLOCK: '2026-12-09T12:00:00+08:00' });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

describe('unconfirmed visits', () => {
  it('are announced on the alert subscription once each, 3 days after check-out', async () => {
    const coordinator = await api.token(Role.COORDINATOR, village.id);
    const now = new Date('2026-12-09T12:00:00+08:00');
    const due: { id: string }[] = await db.dataSource.query(
      `SELECT id FROM visit WHERE status = 'DONE' AND checked_out_at <= $1::timestamptz - interval '3 days' ORDER BY id`,
      [now.toISOString()],
    );
    const notYet: { id: string }[] = await db.dataSource.query(
      `SELECT id FROM visit WHERE status = 'DONE' AND checked_out_at > $1::timestamptz - interval '3 days'`,
      [now.toISOString()],
    );
    expect(due.length).toBeGreaterThan(0);
    expect(notYet.length).toBeGreaterThan(0);

    const { createClient } = await import('graphql-ws');
    const { default: WebSocket } = await import('ws');
    const ws = createClient({
      url: api.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${coordinator}` },
      retryAttempts: 0,
    });
    const raised: any[] = [];
    const unsubscribe = ws.subscribe(
      { query: 'subscription { careAlertRaised { kind visit { id status } } }' },
      { next: (value) => raised.push(value.data?.careAlertRaised), error: (e) => raised.push(e), complete: () => {} },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await markUnconfirmedVisits(db.dataSource.manager, now)).sort()).toEqual(due.map((v) => v.id));
    // A second sweep (late, or run twice) announces nothing again.
    expect(await markUnconfirmedVisits(db.dataSource.manager, now)).toEqual([]);
    for (let i = 0; i < 100 && raised.length < due.length; i += 1) await new Promise((r) => setTimeout(r, 50));
    await new Promise((resolve) => setTimeout(resolve, 300));
    unsubscribe();
    await ws.dispose();
    expect(raised.map((alert) => alert.visit.id).sort()).toEqual(due.map((v) => toGlobalId('Visit', v.id)).sort());
    expect(raised.every((alert) => alert.kind === 'UNCONFIRMED' && alert.visit.status === 'DONE')).toBe(true);
  });
});
