import { createLogger } from '../../src/logger.ts';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { createBoss } from '../../src/jobs/matching-jobs.ts';
import { startWebhookWorker, type WebhookWorker } from '../../src/jobs/webhook-jobs.ts';
import { Organisation } from '../../src/modules/organisation/organisation.entity.ts';
import { OrganisationKind } from '../../src/modules/organisation/organisation.enums.ts';
import type { Person } from '../../src/modules/person/person.entity.ts';
import { publishNeedChanges } from '../../src/modules/public-need/public-need.publish.ts';
import { pruneOutbox } from '../../src/modules/webhook/webhook.delivery.ts';
import { verifySignature } from '../../src/modules/webhook/webhook.signature.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty, type SmallCounty } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

const gid = toGlobalId;
let db: TestDatabase;
let api: TestServer;
let county: SmallCounty;
let admin: string;
let coordinator: string;
let boss: PgBoss;
const bossErrors: Error[] = [];
let worker: WebhookWorker;
let charity: Organisation;
let accountId: string;
let key: string;
let consenting: Person;
let unconsenting: Person;
let consentingElsewhere: Person;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let endpointSecret: string;
let endpointId: string;
/** The receiver answers 503 this many more times (then 200). */
let failuresLeft = 0;

const WEBHOOK_CONFIG = {
  retryBaseMs: 200,
  retryMaxMs: 1000,
  giveUpAfterMs: 10_000,
  timeoutMs: 2000,
  retentionDays: 30,
};

const PUBLIC_NEED_FIELDS = `id state serviceType urgency ageBand waitingSince daysUnmet escalated requiredCertificate
  village { code name township county }
  schedule { recurrence weekdays windowStart windowEnd minutesPerOccurrence startDate endDate helpersNeeded summaryZh }`;
const EVENT_FIELDS = `eventId cursor type occurredAt publicNeedId state publicNeed { ${PUBLIC_NEED_FIELDS} }`;

async function createNeed(elder: Person, serviceType = 'MEAL_DELIVERY', notes = '独居，左腿骨折后行动不便') {
  const response = await api.gql(
    `mutation ($input: CreateNeedInput!) { createNeed(input: $input) { need { id } errors { field code message } } }`,
    {
      input: {
        elderId: gid('Person', elder.id),
        serviceType,
        minutesPerOccurrence: 30,
        notes,
        recurrence: { kind: 'WEEKLY', weekdays: [1, 3, 5], windowStart: '11:00', windowEnd: '12:30' },
        startDate: '2026-12-01',
      },
    },
    coordinator,
  );
  expect(response.data.createNeed.errors).toEqual([]);
  return response.data.createNeed.need.id as string;
}

async function setConsent(elder: Person, consent: boolean) {
  const response = await api.gql(
    `mutation ($input: SetSharingConsentInput!) { setSharingConsent(input: $input) { sharingConsent { consented } errors { field code } } }`,
    { input: { elderId: gid('Person', elder.id), consent } },
    coordinator,
  );
  expect(response.data.setSharingConsent).toEqual({ sharingConsent: { consented: consent }, errors: [] });
}

async function issueKey(account: string): Promise<{ secret: string; id: string; prefix: string }> {
  const response = await api.gql(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { issuedKey { secret apiKey { id prefix active } } errors { field code } } }`,
    { input: { accountId: account, label: 'test' } },
    admin,
  );
  expect(response.data.createApiKey.errors).toEqual([]);
  const issued = response.data.createApiKey.issuedKey;
  return { secret: issued.secret, id: issued.apiKey.id, prefix: issued.apiKey.prefix };
}

async function openAccount(
  organisation: Organisation,
  regionIds: string[],
  serviceTypes: string[],
  requestsPerMinute = 1000,
): Promise<string> {
  const response = await api.gql(
    `mutation ($input: CreateApiAccountInput!) { createApiAccount(input: $input) { apiAccount { id serviceTypes requestsPerMinute regions { code } } errors { field code message } } }`,
    { input: { organisationId: gid('Organisation', organisation.id), regionIds, serviceTypes, requestsPerMinute } },
    admin,
  );
  expect(response.data.createApiAccount.errors).toEqual([]);
  return response.data.createApiAccount.apiAccount.id;
}

async function insertOrganisation(name: string): Promise<Organisation> {
  const id = crypto.randomUUID();
  await db.dataSource.manager.insert(Organisation, {
    id,
    countyId: county.county.id,
    regionId: county.county.id,
    kind: OrganisationKind.SOCIAL_ORGANISATION,
    name,
  });
  return db.dataSource.manager.findOneByOrFail(Organisation, { id });
}

async function wsClient(secret: string) {
  const { createClient } = await import('graphql-ws');
  const { default: WebSocket } = await import('ws');
  return createClient({
    url: api.url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${secret}` },
    retryAttempts: 0,
    lazy: false,
  });
}

/** Collects a subscription's events in the background. */
function collect(client: Awaited<ReturnType<typeof wsClient>>, query: string, variables: Record<string, unknown> = {}) {
  const events: any[] = [];
  const errors: unknown[] = [];
  let acknowledged = false;
  const dispose = client.subscribe(
    { query, variables },
    {
      next: (value) => (value.errors ? errors.push(...value.errors) : events.push(value.data)),
      error: (error) => errors.push(error),
      complete: () => {},
    },
  );
  client.on('connected', () => (acknowledged = true));
  return {
    events,
    errors,
    dispose,
    get acknowledged() {
      return acknowledged;
    },
    async until(predicate: () => boolean, ms = 20_000) {
      const deadline = Date.now() + ms;
      while (!predicate()) {
        if (errors.length > 0) throw new Error(`subscription error: ${JSON.stringify(errors)}`);
        if (Date.now() > deadline)
          throw new Error(`subscription: condition not met after ${ms} ms (${events.length} events)`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  county = await insertSmallCounty(db.dataSource);
  api = await startTestServer(db, {}, { worker: true });
  admin = await api.token(Role.ADMIN);
  coordinator = await api.token(Role.COORDINATOR, county.county.id);
  consenting = await insertPerson(db.dataSource, county.groupA, {
    name: '李秀英',
    birthYear: 1941,
    phone: '13912345678',
    healthNotes: '糖尿病',
  });
  unconsenting = await insertPerson(db.dataSource, county.groupA, { name: '赵大山', birthYear: 1950 });
  consentingElsewhere = await insertPerson(db.dataSource, county.groupB, { name: '钱玉梅', birthYear: 1945 });
  charity = await insertOrganisation('县慈善总会');
  accountId = await openAccount(charity, [gid('Region', county.villageA.id)], ['MEAL_DELIVERY', 'VISIT_CHECK']);
  ({ secret: key } = await issueKey(accountId));
  receiver = await startReceiver(() => {
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      return 503;
    }
    return 200;
  });
  boss = createBoss(db.url, (error) => bossErrors.push(error));
  await boss.start();
  worker = await startWebhookWorker(boss, db.dataSource, WEBHOOK_CONFIG, {
    logger: createLogger('error'),
    pollMs: 300,
    pollingIntervalSeconds: 0.5,
  });
  const registered = await api.gql(
    `mutation ($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { registered { secret endpoint { id url status eventTypes } } errors { field code message } } }`,
    { input: { url: receiver.url } },
    key,
  );
  expect(registered.data.registerWebhookEndpoint.errors).toEqual([]);
  endpointSecret = registered.data.registerWebhookEndpoint.registered.secret;
  endpointId = registered.data.registerWebhookEndpoint.registered.endpoint.id;
  expect(endpointSecret).toMatch(/^whsec_/);
});

afterAll(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: true, wait: true, timeout: 15_000 });
  await receiver?.close();
  await api?.close();
  await db?.drop();
  expect(bossErrors.map((error) => error.message)).toEqual([]);
});

describe('API keys', () => {
  it('are shown once with a visible prefix, stored hashed, and authenticate HTTP', async () => {
    expect(key).toMatch(/^hzk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    const [row] = await db.dataSource.query(
      'SELECT prefix, secret_hash FROM api_key WHERE account_id = (SELECT id FROM api_account WHERE organisation_id = $1)',
      [charity.id],
    );
    expect(key.startsWith(`${row.prefix}_`)).toBe(true);
    expect(Buffer.from(row.secret_hash).toString('hex')).toBe(crypto.createHash('sha256').update(key).digest('hex'));
    const me = await api.gql(
      '{ charityAccount { organisationName serviceTypes regions { code name } keys { prefix active } } }',
      undefined,
      key,
    );
    expect(me.data.charityAccount).toMatchObject({
      organisationName: '县慈善总会',
      serviceTypes: ['MEAL_DELIVERY', 'VISIT_CHECK'],
      regions: [{ code: county.villageA.code }],
    });
    const forged = await api.gql(
      '{ charityAccount { organisationName } }',
      undefined,
      `${row.prefix}_${'A'.repeat(43)}`,
    );
    expect(forged.status).toBe(401);
    expect(forged.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('rotate with an overlap, revoke at once, and a JWT cannot claim to be a charity', async () => {
    const spare = await issueKey(accountId);
    const rotated = await api.gql(
      `mutation ($input: RotateApiKeyInput!) { rotateApiKey(input: $input) { issuedKey { secret apiKey { prefix } } errors { code } } }`,
      { input: { id: spare.id, overlapHours: 1 } },
      spare.secret,
    );
    const fresh = rotated.data.rotateApiKey.issuedKey.secret;
    expect((await api.gql('{ charityAccount { serviceTypes } }', undefined, spare.secret)).status).toBe(200);
    expect((await api.gql('{ charityAccount { serviceTypes } }', undefined, fresh)).status).toBe(200);
    const [{ id: freshId }] = await db.dataSource.query('SELECT id FROM api_key WHERE prefix = $1', [
      rotated.data.rotateApiKey.issuedKey.apiKey.prefix,
    ]);
    const revoked = await api.gql(
      `mutation ($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { active } errors { code } } }`,
      { input: { id: gid('ApiKey', freshId) } },
      admin,
    );
    expect(revoked.data.revokeApiKey).toEqual({ apiKey: { active: false }, errors: [] });
    const refused = await api.gql('{ charityAccount { serviceTypes } }', undefined, fresh);
    expect(refused.status).toBe(401);
    expect(refused.errors![0].message).toMatch(/revoked/);
    const minted = await api.gql(
      '{ charityAccount { serviceTypes } }',
      undefined,
      await api.token(Role.CHARITY, county.county.id),
    );
    expect(minted.status).toBe(401);
  });

  it('end open subscriptions when their key is revoked', async () => {
    const doomed = await issueKey(accountId);
    const client = await wsClient(doomed.secret);
    let completed = false;
    client.subscribe(
      { query: 'subscription { needPublished { eventId } }' },
      { next: () => {}, error: () => {}, complete: () => (completed = true) },
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(completed).toBe(false);
      await api.gql(
        `mutation ($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { errors { code } } }`,
        { input: { id: doomed.id } },
        admin,
      );
      for (let i = 0; i < 40 && !completed; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(completed).toBe(true);
    } finally {
      await client.dispose();
    }
  });

  it('are rate-limited per key (429 with Retry-After) and every use is recorded', async () => {
    const small = await insertOrganisation('爱心小组');
    const account = await openAccount(small, [gid('Region', county.villageA.id)], ['MEAL_DELIVERY'], 3);
    const { secret, prefix } = await issueKey(account);
    // Windows are whole minutes of PostgreSQL's clock. If this one ends in under 20 s, wait for
    // the next, so that the four requests below certainly fall into one window.
    const [{ left }] = await db.dataSource.query(
      `SELECT extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now())::float8 AS left`,
    );
    if (left < 20) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 250));
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i += 1) {
      const response = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ query: 'query Mine { publicNeeds { totalCount } }' }),
      });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        expect(((await response.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
      }
    }
    // All four were counted in one window (so the 4th had to be refused).
    const windows = await db.dataSource.query(
      'SELECT requests FROM api_key_window WHERE key_id = (SELECT id FROM api_key WHERE prefix = $1)',
      [prefix],
    );
    expect(windows).toEqual([{ requests: 4 }]);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    const uses = await api.gql(
      `{ apiAccounts { organisationName recentUses { channel operation fields outcome } } }`,
      undefined,
      admin,
    );
    const mine = uses.data.apiAccounts.find((a: any) => a.organisationName === '爱心小组');
    expect(mine.recentUses).toEqual([
      { channel: 'HTTP', operation: null, fields: [], outcome: 'RATE_LIMITED' },
      ...Array(3).fill({ channel: 'HTTP', operation: 'Mine', fields: ['publicNeeds'], outcome: 'OK' }),
    ]);
    expect(prefix).toMatch(/^hzk_/);
  });
});

describe('the feed: consented needs in scope, redacted, on both channels', () => {
  let publishedNeedGlobalId: string;
  let publicId: string;

  it('delivers a consented need in scope by subscription and webhook, and nothing else', async () => {
    const client = await wsClient(key);
    const published = collect(client, `subscription { needPublished { ${EVENT_FIELDS} } }`);
    const mealsOnly = collect(
      client,
      `subscription { needPublished(serviceTypes: [VISIT_CHECK]) { eventId publicNeed { serviceType } } }`,
    );
    try {
      await published.until(() => published.acknowledged);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await setConsent(consentingElsewhere, true);
      await createNeed(unconsenting); // in scope, no consent
      await createNeed(consentingElsewhere); // consent, other village
      await setConsent(consenting, true);
      await createNeed(consenting, 'BATHING'); // consent, service out of scope
      publishedNeedGlobalId = await createNeed(consenting); // the one
      await published.until(() => published.events.length >= 1);
      await receiver.until((r) => r.some((q) => q.answered === 200));
      // The outbox is in order: anything that leaked would have come first.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(published.events).toHaveLength(1);
      expect(mealsOnly.events).toHaveLength(0);
      const event = published.events[0].needPublished;
      publicId = event.publicNeedId;
      expect(event).toMatchObject({
        type: 'NEED_PUBLISHED',
        state: 'WAITING',
        publicNeedId: expect.stringMatching(/^pn_/),
      });
      expect(event.publicNeed).toEqual({
        id: publicId,
        state: 'WAITING',
        serviceType: 'MEAL_DELIVERY',
        urgency: expect.any(String),
        ageBand: '80–89',
        waitingSince: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        daysUnmet: 0,
        escalated: false,
        requiredCertificate: null,
        village: { code: county.villageA.code, name: '李家村', township: '河口镇', county: '测试县' },
        schedule: {
          recurrence: 'WEEKLY',
          weekdays: [1, 3, 5],
          windowStart: '11:00:00',
          windowEnd: '12:30:00',
          minutesPerOccurrence: 30,
          startDate: '2026-12-01',
          endDate: null,
          helpersNeeded: 1,
          summaryZh: '每周一、三、五',
        },
      });

      expect(receiver.requests).toHaveLength(1);
      const request = receiver.requests[0];
      const body = JSON.parse(request.body);
      expect(request.headers['huzhu-event-id']).toBe(event.eventId);
      expect(body.id).toBe(event.eventId);
      expect(body.type).toBe('NEED_PUBLISHED');
      expect(Object.keys(body).sort()).toEqual(['createdAt', 'data', 'id', 'type']);
      expect(Object.keys(body.data).sort()).toEqual(['cursor', 'publicNeed', 'publicNeedId', 'state']);
      expect(Object.keys(body.data.publicNeed).sort()).toEqual([
        'ageBand',
        'daysUnmet',
        'escalated',
        'id',
        'requiredCertificate',
        'schedule',
        'serviceType',
        'state',
        'urgency',
        'village',
        'waitingSince',
      ]);
      expect(body.data.publicNeed.village).toEqual({
        code: county.villageA.code,
        name: '李家村',
        township: '河口镇',
        county: '测试县',
      });
      for (const secret of [
        '李秀英',
        '13912345678',
        '糖尿病',
        '独居',
        consenting.id,
        consenting.householdId!,
        county.groupA.id,
        '东庄',
        Buffer.from(publishedNeedGlobalId, 'base64url').toString().split(':')[1],
      ]) {
        expect(request.body).not.toContain(secret);
        expect(JSON.stringify(event)).not.toContain(secret);
      }
    } finally {
      published.dispose();
      mealsOnly.dispose();
      await client.dispose();
    }
  });

  it('signs each POST over timestamp and body; a tampered body fails', () => {
    const request = receiver.requests[0];
    const header = String(request.headers['huzhu-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(endpointSecret, header, request.body)).toBe(true);
    expect(verifySignature(endpointSecret, header, request.body.replace('MEAL_DELIVERY', 'BATHING'))).toBe(false);
    expect(verifySignature('whsec_wrong', header, request.body)).toBe(false);
    // The snippet the README gives receivers, run as written.
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const snippet = /```js\n([\s\S]*?function verifyHuzhu[\s\S]*?)```/.exec(readme)![1].replace(/^import .*$/m, '');
    const verifyHuzhu = new Function('crypto', `${snippet}; return verifyHuzhu;`)(crypto);
    expect(verifyHuzhu(endpointSecret, header, request.body)).toBe(true);
    expect(verifyHuzhu(endpointSecret, header, request.body.replace('MEAL_DELIVERY', 'BATHING'))).toBe(false);
    const t = Number(/t=(\d+)/.exec(header)![1]);
    expect(verifySignature(endpointSecret, header, request.body, 300, (t + 600) * 1000)).toBe(false);
  });

  it('publicNeeds lists by the same rule; publicNeed finds one', async () => {
    const list = await api.gql(
      `{ publicNeeds(first: 10) { totalCount edges { node { id serviceType village { code } } } } }`,
      undefined,
      key,
    );
    expect(list.data.publicNeeds).toEqual({
      totalCount: 1,
      edges: [{ node: { id: publicId, serviceType: 'MEAL_DELIVERY', village: { code: county.villageA.code } } }],
    });
    const one = await api.gql(`query ($id: ID!) { publicNeed(id: $id) { id ageBand } }`, { id: publicId }, key);
    expect(one.data.publicNeed).toEqual({ id: publicId, ageBand: '80–89' });
    // Publishing again with nothing changed writes no event (stored payloads come back from jsonb reordered).
    const needId = Buffer.from(publishedNeedGlobalId, 'base64url').toString().split(':')[1];
    expect(await db.dataSource.transaction((em) => publishNeedChanges(em, [needId]))).toBe(0);
    const coordinatorAsks = await api.gql(`{ publicNeeds { totalCount } }`, undefined, coordinator);
    expect(coordinatorAsks.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('a pledge makes the charity a candidate of the next run; the coordinator confirms', async () => {
    const pledged = await api.gql(
      `mutation ($input: PledgeSupportInput!) { pledgeSupport(input: $input) { pledge { id publicNeedId weeklyMinutes status } errors { field code message } } }`,
      { input: { publicNeedId: publicId, note: '周一三五由志愿者送餐' } },
      key,
    );
    expect(pledged.data.pledgeSupport).toMatchObject({
      pledge: { publicNeedId: publicId, weeklyMinutes: 90, status: 'ACTIVE' },
      errors: [],
    });
    const again = await api.gql(
      `mutation ($input: PledgeSupportInput!) { pledgeSupport(input: $input) { pledge { id } errors { field code } } }`,
      { input: { publicNeedId: publicId } },
      key,
    );
    expect(again.data.pledgeSupport).toEqual({ pledge: null, errors: [{ field: 'publicNeedId', code: 'DUPLICATE' }] });
    const unknown = await api.gql(
      `mutation ($input: PledgeSupportInput!) { pledgeSupport(input: $input) { pledge { id } errors { field code } } }`,
      { input: { publicNeedId: 'pn_nothing' } },
      key,
    );
    expect(unknown.data.pledgeSupport.errors).toEqual([{ field: 'publicNeedId', code: 'NOT_FOUND' }]);

    const started = await api.gql(
      `mutation ($input: StartMatchRunInput!) { startMatchRun(input: $input) { run { id } errors { code message } } }`,
      { input: { regionId: gid('Region', county.villageA.id), dryRun: false } },
      coordinator,
    );
    expect(started.data.startMatchRun.errors).toEqual([]);
    const runId = started.data.startMatchRun.run.id;
    let status = '';
    for (let i = 0; i < 200 && status !== 'SUCCEEDED' && status !== 'FAILED'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await api.gql(`query ($id: ID!) { matchRun(id: $id) { status } }`, { id: runId }, coordinator)).data
        .matchRun.status;
    }
    expect(status).toBe('SUCCEEDED');
    const seen = await api.gql(
      `query ($id: ID!) { need(id: $id) { pledges { organisationName weeklyMinutes note status } } }`,
      { id: publishedNeedGlobalId },
      coordinator,
    );
    expect(seen.data.need.pledges).toEqual([
      { organisationName: '县慈善总会', weeklyMinutes: 90, note: '周一三五由志愿者送餐', status: 'ACTIVE' },
    ]);
    const proposals = await api.gql(
      `query ($id: ID!) { proposals(runId: $id) { edges { node { id tier need { id } helper { organisation { name } } } } } }`,
      { id: runId },
      coordinator,
    );
    const mine = proposals.data.proposals.edges
      .map((e: any) => e.node)
      .filter((p: any) => p.need.id === publishedNeedGlobalId);
    expect(mine).toEqual([
      {
        id: expect.any(String),
        tier: 'ORGANISATION',
        need: { id: publishedNeedGlobalId },
        helper: { organisation: { name: '县慈善总会' } },
      },
    ]);
    const confirmed = await api.gql(
      `mutation ($input: DecideProposalInput!) { confirmProposal(input: $input) { errors { field code message } } }`,
      { input: { proposalId: mine[0].id } },
      coordinator,
    );
    expect(confirmed.data.confirmProposal.errors).toEqual([]);
  });

  it('a need that stops being shared is withdrawn on needUpdated, with no details', async () => {
    // The confirmation above took it off the feed; a new one is then withdrawn by consent.
    const client = await wsClient(key);
    const updated = collect(client, `subscription { needUpdated { type publicNeedId state publicNeed { id } } }`);
    const published = collect(client, `subscription { needPublished { publicNeedId } }`);
    try {
      await updated.until(() => updated.acknowledged);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await createNeed(consenting, 'VISIT_CHECK');
      await published.until(() => published.events.length === 1);
      const second = published.events[0].needPublished.publicNeedId;
      await setConsent(consenting, false);
      await updated.until(() => updated.events.length >= 1);
      expect(updated.events.map((e) => e.needUpdated)).toEqual([
        { type: 'NEED_UPDATED', publicNeedId: second, state: 'WITHDRAWN', publicNeed: null },
      ]);
      const list = await api.gql(`{ publicNeeds { totalCount } }`, undefined, key);
      expect(list.data.publicNeeds.totalCount).toBe(0);
    } finally {
      updated.dispose();
      published.dispose();
      await client.dispose();
    }
  });

  it('a subscriber resumes after a cursor and gets what it missed from the outbox', async () => {
    // What the feed holds for this account, from the outbox itself.
    const visible: { event_id: string; position: string }[] = await db.dataSource.query(
      `SELECT e.event_id, e.position::text FROM public_need_event e, api_account a
        WHERE a.organisation_id = $1 AND e.type = 'NEED_PUBLISHED' AND charity_covers(a.region_ids, a.service_types, e.region_path, e.service_type)
        ORDER BY e.position`,
      [charity.id],
    );
    expect(visible.length).toBeGreaterThanOrEqual(2);
    const QUERY = `subscription ($after: String) { needPublished(after: $after) { type eventId cursor publicNeedId } }`;
    const client = await wsClient(key);
    const fromStart = collect(client, QUERY, {
      after: Buffer.from(`e1:${BigInt(visible[0].position) - 1n}`).toString('base64url'),
    });
    try {
      await fromStart.until(() => fromStart.events.length >= visible.length);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const events = fromStart.events.map((e) => e.needPublished);
      expect(events.map((e) => e.eventId)).toEqual(visible.map((v) => v.event_id));
      expect(events.every((e) => e.type === 'NEED_PUBLISHED')).toBe(true);

      // Resume after each event N in turn (with the cursor the event carried): N+1 on, nothing up to N.
      for (let n = 0; n < events.length - 1; n += 1) {
        const resumed = collect(client, QUERY, { after: events[n].cursor });
        try {
          await resumed.until(() => resumed.events.length >= events.length - n - 1);
          await new Promise((resolve) => setTimeout(resolve, 300));
          const ids = resumed.events.map((e) => e.needPublished.eventId);
          expect(ids[0], `after event ${n}`).toBe(events[n + 1].eventId);
          expect(ids).toEqual(events.slice(n + 1).map((e) => e.eventId));
          for (const old of events.slice(0, n + 1)) expect(ids).not.toContain(old.eventId);
        } finally {
          resumed.dispose();
        }
      }
    } finally {
      fromStart.dispose();
      await client.dispose();
    }
  });

  it('filters a subscription by service type: a matching need arrives on it, another does not', async () => {
    // An account of its own, over village B, so the rest of this file's feed is untouched.
    const friends = await insertOrganisation('王家村互助会');
    const account = await openAccount(friends, [gid('Region', county.villageB.id)], ['COMPANIONSHIP', 'VISIT_CHECK']);
    const { secret } = await issueKey(account);
    const client = await wsClient(secret);
    const visits = collect(
      client,
      `subscription { needPublished(serviceTypes: [VISIT_CHECK]) { publicNeedId publicNeed { serviceType } } }`,
    );
    const everything = collect(client, `subscription { needPublished { publicNeedId publicNeed { serviceType } } }`);
    try {
      await visits.until(() => visits.acknowledged);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await createNeed(consentingElsewhere, 'COMPANIONSHIP'); // in the account's scope, not the filter's
      await createNeed(consentingElsewhere, 'VISIT_CHECK'); // in both
      await everything.until(() => everything.events.length >= 2);
      await visits.until(() => visits.events.length >= 1);
      // The outbox is in order: the companionship need came first, so it would have arrived by now.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const all = everything.events.map((e) => e.needPublished);
      expect(all.map((e) => e.publicNeed.serviceType)).toEqual(['COMPANIONSHIP', 'VISIT_CHECK']);
      expect(visits.events.map((e) => e.needPublished)).toEqual([
        { publicNeedId: all[1].publicNeedId, publicNeed: { serviceType: 'VISIT_CHECK' } },
      ]);
    } finally {
      visits.dispose();
      everything.dispose();
      await client.dispose();
    }
  });
});

/** No delivery is waiting for another attempt. */
async function settled(): Promise<void> {
  // Generous: on a busy machine the retries' timers and pg-boss polls stretch.
  for (let i = 0; i < 600; i += 1) {
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM webhook_delivery WHERE status = 'PENDING'`,
    );
    if (n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('deliveries did not settle');
}

describe('webhook delivery', () => {
  it('retries a failing receiver with backoff until it answers, then logs every attempt', async () => {
    await settled();
    failuresLeft = 3;
    await setConsent(consenting, true); // re-publishes the VISIT_CHECK need
    const [{ event_id: eventId }] = await db.dataSource.query(
      `SELECT event_id FROM public_need_event WHERE service_type = 'VISIT_CHECK' ORDER BY position DESC LIMIT 1`,
    );
    const attemptsOf = () => receiver.requests.filter((r) => r.headers['huzhu-event-id'] === eventId);
    await receiver.until(() => attemptsOf().some((r) => r.answered === 200));
    // The receiver answered; the worker records the delivery just after.
    await settled();
    const attempts = attemptsOf();
    expect(attempts.map((r) => r.answered)).toEqual([503, 503, 503, 200]);
    const log = await api.gql(
      `{ webhookEndpoints { id status deliveries(first: 1) { status attempts eventId eventType attemptLog { attempt statusCode error at } } } }`,
      undefined,
      key,
    );
    const delivery = log.data.webhookEndpoints[0].deliveries[0];
    expect(delivery).toMatchObject({
      status: 'DELIVERED',
      attempts: 4,
      eventId: attempts[0].headers['huzhu-event-id'],
      eventType: 'NEED_PUBLISHED',
    });
    expect(delivery.attemptLog.map((a: any) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 503, 'HTTP 503'],
      [2, 503, 'HTTP 503'],
      [3, 503, 'HTTP 503'],
      [4, 200, null],
    ]);
    const gaps = delivery.attemptLog
      .slice(1)
      .map((a: any, i: number) => Date.parse(a.at) - Date.parse(delivery.attemptLog[i].at));
    // Exponential: 200, 400, 800 ms (±10 %), plus the worker's polling.
    expect(gaps[0]).toBeGreaterThanOrEqual(180);
    expect(gaps[1]).toBeGreaterThanOrEqual(360);
    expect(gaps[2]).toBeGreaterThanOrEqual(720);
  });

  it('replays an event on request, with the same event id', async () => {
    const eventId = receiver.requests[0].headers['huzhu-event-id'];
    const before = receiver.requests.length;
    const replayed = await api.gql(
      `mutation ($input: ReplayWebhookEventInput!) { replayWebhookEvent(input: $input) { delivery { status replay } errors { field code } } }`,
      { input: { endpointId, eventId } },
      key,
    );
    expect(replayed.data.replayWebhookEvent, JSON.stringify(replayed)).toEqual({
      delivery: { status: 'PENDING', replay: true },
      errors: [],
    });
    await receiver.until((r) => r.slice(before).some((q) => q.headers['huzhu-event-id'] === eventId));
    const unknown = await api.gql(
      `mutation ($input: ReplayWebhookEventInput!) { replayWebhookEvent(input: $input) { errors { field code } } }`,
      { input: { endpointId, eventId: crypto.randomUUID() } },
      key,
    );
    expect(unknown.data.replayWebhookEvent.errors).toEqual([{ field: 'eventId', code: 'NOT_FOUND' }]);
  });

  it('refuses plain http to a public host, and disables an endpoint that keeps failing, with a notice', async () => {
    const refused = await api.gql(
      `mutation ($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { registered { secret } errors { field code message } } }`,
      { input: { url: 'http://example.org/hook' } },
      key,
    );
    expect(refused.data.registerWebhookEndpoint.errors).toEqual([
      { field: 'url', code: 'INVALID', message: expect.stringContaining('https') },
    ]);

    const dead = await startReceiver(() => 500);
    try {
      const registered = await api.gql(
        `mutation ($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { registered { endpoint { id } } errors { code } } }`,
        { input: { url: dead.url, eventTypes: ['NEED_UPDATED'] } },
        key,
      );
      const deadId = registered.data.registerWebhookEndpoint.registered.endpoint.id;
      await setConsent(consenting, false); // a NEED_UPDATED (withdrawn)
      let endpoint: any;
      for (let i = 0; i < 600; i += 1) {
        endpoint = (
          await api.gql(
            `{ webhookEndpoints { id status disabledReason deliveries { status attempts } } }`,
            undefined,
            key,
          )
        ).data.webhookEndpoints.find((e: any) => e.id === deadId);
        if (endpoint.status === 'DISABLED') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(endpoint.status).toBe('DISABLED');
      expect(endpoint.disabledReason).toMatch(/attempts .* failed \(last: HTTP 500\)/);
      expect(endpoint.deliveries[0].status).toBe('FAILED');
      expect(endpoint.deliveries[0].attempts).toBeGreaterThanOrEqual(4);
      expect(dead.requests.length).toBe(endpoint.deliveries[0].attempts);
      const [audit] = await db.dataSource.query(
        `SELECT actor, action, county_id FROM audit_entry WHERE entity_type = 'WebhookEndpoint' AND action = 'disableWebhookEndpoint'`,
      );
      expect(audit).toEqual({
        actor: 'system:webhooks',
        action: 'disableWebhookEndpoint',
        county_id: county.county.id,
      });
    } finally {
      await dead.close();
    }
  });
});

describe('outbox retention', () => {
  it('prunes old events behind the dispatcher, and a subscriber resuming from before them is told to re-read', async () => {
    await settled();
    await db.dataSource.query(
      `UPDATE public_need_event SET occurred_at = now() - interval '40 days' WHERE position <= 3`,
    );
    expect(await pruneOutbox(db.dataSource, 30)).toBe(3);
    const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM public_need_event WHERE position <= 3');
    expect(n).toBe(0);
    const client = await wsClient(key);
    try {
      const stale = Buffer.from('e1:1').toString('base64url');
      const errors = await client
        .iterate({
          query: 'subscription ($after: String) { needPublished(after: $after) { eventId } }',
          variables: { after: stale },
        })
        .next()
        .then(
          (first) => (first.value as any)?.errors ?? [],
          (thrown) => (Array.isArray(thrown) ? thrown : [thrown]),
        );
      expect(errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'CURSOR_EXPIRED' } });
    } finally {
      await client.dispose();
    }
  });
});
