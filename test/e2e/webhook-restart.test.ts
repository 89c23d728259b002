import { spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { Organisation } from '../../src/modules/organisation/organisation.entity.ts';
import { OrganisationKind } from '../../src/modules/organisation/organisation.enums.ts';
import type { Person } from '../../src/modules/person/person.entity.ts';
import { verifySignature } from '../../src/modules/webhook/webhook.signature.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty, type SmallCounty } from '../support/fixtures.ts';
import { bin, huzhu as startHuzhu, kill, post, root, serve as serveHuzhu, until } from '../support/processes.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

/**
 * The outbox survives the process that wrote it: a `huzhu serve` killed with SIGKILL right
 * after a need is entered, then a `huzhu worker` started afterwards delivers the webhook, and a
 * new `huzhu serve` replays the event to a subscriber resuming from its cursor.
 */
const children: ChildProcess[] = [];
let db: TestDatabase;
let admin: TestServer;
let county: SmallCounty;
let elder: Person;
let key: string;
let endpointSecret: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

function huzhu(command: 'serve' | 'worker', env: Record<string, string>) {
  const started = startHuzhu(command, db.url, env);
  children.push(started.child);
  return started;
}

async function serve() {
  const started = await serveHuzhu(db.url);
  children.push(started.child);
  return started;
}

const createNeed = (serviceType: string) => ({
  query: `mutation ($input: CreateNeedInput!) { createNeed(input: $input) { errors { field code } } }`,
  variables: {
    input: {
      elderId: toGlobalId('Person', elder.id),
      serviceType,
      minutesPerOccurrence: 20,
      recurrence: { kind: 'DAILY', weekdays: [], windowStart: '09:00', windowEnd: '10:00' },
      startDate: '2026-12-01',
    },
  },
});

async function subscribe(url: string, after?: string) {
  const { createClient } = await import('graphql-ws');
  const { default: WebSocket } = await import('ws');
  const client = createClient({
    url: url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
  });
  const events: any[] = [];
  client.subscribe(
    {
      query:
        'subscription ($after: String) { needPublished(after: $after) { eventId cursor publicNeed { serviceType } } }',
      variables: { after },
    },
    {
      next: (value) => value.data && events.push(value.data.needPublished),
      error: () => {},
      complete: () => {},
    },
  );
  return { client, events };
}

beforeAll(async () => {
  db = await createTestDatabase();
  county = await insertSmallCounty(db.dataSource, '990088');
  admin = await startTestServer(db);
  const adminToken = await admin.token(Role.ADMIN);
  elder = await insertPerson(db.dataSource, county.groupA, { name: '周桂芬' });
  const organisationId = crypto.randomUUID();
  await db.dataSource.manager.insert(Organisation, {
    id: organisationId,
    countyId: county.county.id,
    regionId: county.county.id,
    kind: OrganisationKind.CHARITY_HOME,
    name: '幸福院',
  });
  await admin.gql(
    `mutation ($input: SetSharingConsentInput!) { setSharingConsent(input: $input) { errors { code } } }`,
    { input: { elderId: toGlobalId('Person', elder.id), consent: true } },
    adminToken,
  );
  // The operator's shortcut: `huzhu charity-key` opens the account and prints a key.
  const issued = spawnSync(
    process.execPath,
    [bin, 'charity-key', '--organisation', '幸福院', '--services', 'VISIT_CHECK,COMPANIONSHIP'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  expect(issued.status, issued.stderr).toBe(0);
  expect(issued.stderr).toContain('Opened an API account for 幸福院');
  key = issued.stdout.trim();
  expect(key).toMatch(/^hzk_/);
  receiver = await startReceiver();
  const registered = await admin.gql(
    `mutation ($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { registered { secret } errors { code } } }`,
    { input: { url: receiver.url } },
    key,
  );
  endpointSecret = registered.data.registerWebhookEndpoint.registered.secret;
}, 120_000);

afterAll(async () => {
  for (const child of children) await kill(child, 'SIGKILL');
  await receiver?.close();
  await admin?.close();
  await db?.drop();
});

describe('a process killed between the outbox write and the delivery', () => {
  it('loses nothing: the webhook is delivered by a worker started later, and a subscriber resumes from its cursor', async () => {
    const coordinator = await admin.token(Role.COORDINATOR, county.county.id);
    const first = await serve();
    const subscriber = await subscribe(first.url);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const one = createNeed('VISIT_CHECK');
    expect((await post(first.url, coordinator, one.query, one.variables)).data.createNeed.errors).toEqual([]);
    await until(() => subscriber.events.length === 1, 'the first event on the subscription');
    const cursor = subscriber.events[0].cursor;

    const two = createNeed('COMPANIONSHIP');
    expect((await post(first.url, coordinator, two.query, two.variables)).data.createNeed.errors).toEqual([]);
    await kill(first.child, 'SIGKILL');
    await subscriber.client.dispose();

    const events: { event_id: string; service_type: string }[] = await db.dataSource.query(
      'SELECT event_id, service_type FROM public_need_event ORDER BY position',
    );
    expect(events.map((e) => e.service_type)).toEqual(['VISIT_CHECK', 'COMPANIONSHIP']);
    expect(await db.dataSource.query('SELECT id FROM webhook_delivery')).toEqual([]);
    expect(receiver.requests).toEqual([]);

    // Subscriptions: a new server process replays what came after the client's cursor.
    const second = await serve();
    const resumed = await subscribe(second.url, cursor);
    await until(() => resumed.events.length === 1, 'the replayed event');
    expect(resumed.events[0]).toMatchObject({
      eventId: events[1].event_id,
      publicNeed: { serviceType: 'COMPANIONSHIP' },
    });
    await resumed.client.dispose();

    // Webhooks: a worker started now dispatches the outbox and delivers both, signed.
    const worker = huzhu('worker', { HUZHU_WEBHOOK_RETRY_BASE_MS: '200' });
    // The worker may also solve the needs' focused match runs meanwhile, whose status changes are
    // events of their own (and webhooks): only the two written before the kill are this test's.
    const ours = new Set(events.map((e) => e.event_id));
    const received = () => receiver.requests.filter((r) => ours.has(JSON.parse(r.body).id));
    await until(
      () => new Set(received().map((r) => JSON.parse(r.body).id)).size === 2,
      `both webhooks (worker says: ${worker.output()})`,
    );
    for (const request of receiver.requests)
      expect(verifySignature(endpointSecret, String(request.headers['huzhu-signature']), request.body)).toBe(true);
    await until(
      async () =>
        (
          await db.dataSource.query(
            `SELECT count(*)::int AS n FROM webhook_delivery d JOIN public_need_event e ON e.position = d.event_position
              WHERE d.status = 'DELIVERED' AND e.event_id = ANY($1)`,
            [[...ours]],
          )
        )[0].n === 2,
      async () =>
        `deliveries recorded (rows: ${JSON.stringify(
          await db.dataSource.query('SELECT status, attempts, last_error, queued FROM webhook_delivery'),
        )}; worker exit ${worker.child.exitCode}/${worker.child.signalCode}, says: ${worker.output()})`,
    );
    await kill(worker.child, 'SIGTERM');
    await kill(second.child, 'SIGTERM');
  }, 180_000);
});
