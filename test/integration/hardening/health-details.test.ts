import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/role.ts';
import { toGlobalId } from '../../../src/common/global-id.ts';
import { createDataSource } from '../../../src/db/data-source.ts';
import { migrations } from '../../../src/db/migrations/index.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { insertPerson, insertSmallCounty } from '../../support/fixtures.ts';
import { redactedFields, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * Health details stay with those allowed to read them: a need's status reason is a code anyone
 * reading the need may see; what was said beside it ("住院") is a sensitive note; the priority
 * score (which, with the published weights, gives away the health factors) is sensitive too,
 * while its band is for every reader.
 */
let db: TestDatabase;
let api: TestServer;
let needId: string;
let tokens: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db);
  const county = await insertSmallCounty(db.dataSource);
  const elder = await insertPerson(db.dataSource, county.groupA, { name: '赵玉芳' });
  tokens = {
    coordinator: await api.token(Role.COORDINATOR, county.villageA.id),
    helper: await api.token(Role.HELPER, county.villageA.id),
    official: await api.token(Role.COUNTY_OFFICIAL, county.county.id),
    supervisor: await api.token(Role.SUPERVISOR, county.villageA.id),
  };
  const created = await api.gql(
    `mutation ($input: CreateNeedInput!) { createNeed(input: $input) { need { id } errors { field code } } }`,
    {
      input: {
        elderId: toGlobalId('Person', elder.id),
        serviceType: 'VISIT_CHECK',
        minutesPerOccurrence: 30,
        recurrence: { kind: 'WEEKLY', weekdays: [2], windowStart: '09:00', windowEnd: '10:00' },
        startDate: '2026-12-01',
      },
    },
    tokens.coordinator,
  );
  needId = created.data.createNeed.need.id;
  const paused = await api.gql(
    `mutation ($input: ChangeNeedStatusInput!) { pauseNeed(input: $input) { errors { field code } } }`,
    { input: { id: needId, reason: 'ELDER_AWAY', note: '县医院住院' } },
    tokens.coordinator,
  );
  expect(paused.data.pauseNeed.errors).toEqual([]);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

const READ = `query ($id: ID!) { need(id: $id) { status statusReason statusNote priority { score band } history { to reason note } } }`;

describe('health details in a need', () => {
  it('a coordinator of the region reads the note and the score', async () => {
    const response = await api.gql(READ, { id: needId }, tokens.coordinator);
    expect(response.errors).toBeUndefined();
    expect(response.data.need).toMatchObject({
      status: 'PAUSED',
      statusReason: 'ELDER_AWAY',
      statusNote: '县医院住院',
    });
    expect(response.data.need.history.at(-1)).toEqual({ to: 'PAUSED', reason: 'ELDER_AWAY', note: '县医院住院' });
    expect(typeof response.data.need.priority.score).toBe('number');
  });

  it('helpers, supervisors and officials read the code and the band, never the note or the score', async () => {
    for (const role of ['helper', 'supervisor', 'official']) {
      const response = await api.gql(READ, { id: needId }, tokens[role]);
      const need = response.data.need;
      expect(need.statusReason, role).toBe('ELDER_AWAY');
      expect(need.statusNote, role).toBeNull();
      expect(need.priority.score, role).toBeNull();
      expect(need.priority.band, role).toMatch(/^(URGENT|HIGH|MEDIUM|LOW)$/);
      expect(
        need.history.map((h: { note: string | null }) => h.note),
        role,
      ).toEqual([null, null]);
      expect(JSON.stringify(need), role).not.toContain('住院');
      expect(response.errors, role).toBeUndefined();
      expect(redactedFields(response), role).toEqual([
        'Need.statusNote',
        'NeedPriority.score',
        'NeedStatusChange.note',
      ]);
    }
  });
});

describe('the migration to coded reasons', () => {
  it('turns the old free-text reasons into codes and keeps what a person wrote as the sensitive note', async () => {
    const fresh = await createTestDatabase({ migrate: false });
    try {
      const before = createDataSource({ url: fresh.url, poolSize: 1, migrations: migrations.slice(0, 4) });
      await before.initialize();
      await before.runMigrations({ transaction: 'each' });
      const county = await insertSmallCounty(before);
      const elder = await insertPerson(before, county.groupA);
      const reasons = ['entered', 'match run', '住院', null];
      for (const reason of reasons) {
        const id = crypto.randomUUID();
        await before.query(
          `INSERT INTO need (id, county_id, region_id, elder_id, service_type, minutes_per_occurrence, recurrence, weekdays, window_start, window_end, start_date, entry_channel, entered_by, status, status_reason)
           VALUES ($1, $2, $3, $4, 'VISIT_CHECK', 30, 'WEEKLY', '{1}', '09:00', '10:00', '2026-12-01', 'APP', 'test', 'OPEN', $5)`,
          [id, county.county.id, county.groupA.id, elder.id, reason],
        );
        await before.query(
          `INSERT INTO need_status_change (need_id, to_status, reason, actor) VALUES ($1, 'OPEN', $2, 'test')`,
          [id, reason],
        );
      }
      await before.destroy();
      await fresh.dataSource.runMigrations({ transaction: 'each' });
      const needs = await fresh.dataSource.query(
        `SELECT status_reason_code AS code, status_note AS note FROM need ORDER BY status_reason_code, status_note`,
      );
      expect(needs).toEqual([
        { code: 'ENTERED', note: null },
        { code: 'ENTERED', note: null },
        { code: 'MATCH_PROPOSED', note: null },
        { code: 'OTHER', note: '住院' },
      ]);
      const history = await fresh.dataSource.query(
        `SELECT reason_code AS code, note FROM need_status_change ORDER BY reason_code, note`,
      );
      expect(history).toEqual(needs);
    } finally {
      await fresh.drop();
    }
  });
});
