import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { today } from '../../src/common/time.ts';
import { Organisation } from '../../src/modules/organisation/organisation.entity.ts';
import { OrganisationKind } from '../../src/modules/organisation/organisation.enums.ts';
import type { Person } from '../../src/modules/person/person.entity.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty, type SmallCounty } from '../support/fixtures.ts';
import { redactedFields, startTestServer, type TestServer } from '../support/server.ts';
import { snapshot } from '../support/snapshot.ts';

let db: TestDatabase;
let api: TestServer;
let county: SmallCounty;
let volunteer: Person;
let elder: Person;
let home: Organisation;
let coordinator: string;
let before: Record<string, string>;

const gid = toGlobalId;
const SET = `mutation ($input: SetHelperCapacityInput!) { setHelperCapacity(input: $input) {
  helper { id kind serviceTypes weeklyMinutes maxElders dailyOccurrences consent active availability { weekday windowStart windowEnd }
    person { name } organisation { name } load { committedMinutes committedElders remainingMinutes remainingElders } }
  errors { field code message } } }`;
const CERT = `mutation ($input: AddCertificateInput!) { addCertificate(input: $input) { certificate { kind expiresOn } errors { field code } } }`;

const capacity = (extra: Record<string, unknown> = {}) => ({
  personId: gid('Person', volunteer.id),
  serviceTypes: ['MEAL_DELIVERY', 'VISIT_CHECK'],
  weeklyMinutes: 600,
  maxElders: 3,
  availability: [
    { weekday: 1, windowStart: '08:00', windowEnd: '12:00' },
    { weekday: 3, windowStart: '08:00', windowEnd: '12:00' },
  ],
  consent: true,
  ...extra,
});

async function expectRefused(
  query: string,
  input: Record<string, unknown>,
  expected: { field: string; code: string }[],
) {
  const response = await api.gql(query, { input }, coordinator);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const payload = Object.values(response.data)[0] as { errors: { field: string; code: string }[] };
  expect(payload.errors.map(({ field, code }) => ({ field, code }))).toEqual(expected);
  expect(await snapshot(db.dataSource)).toEqual(before);
}

function inDays(days: number): string {
  return today(new Date(Date.now() + days * 86_400_000));
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db);
  county = await insertSmallCounty(db.dataSource);
  volunteer = await insertPerson(db.dataSource, county.groupA, {
    name: '刘志强',
    birthYear: 1962,
    selfCareLevel: 'INDEPENDENT' as never,
  });
  elder = await insertPerson(db.dataSource, county.groupA, { name: '刘奶奶', birthYear: 1936 });
  home = await db.dataSource.manager.save(Organisation, {
    id: crypto.randomUUID(),
    countyId: county.county.id,
    regionId: county.villageA.id,
    kind: OrganisationKind.CHARITY_HOME,
    name: '李家村幸福院',
  });
  coordinator = await api.token(Role.COORDINATOR, county.villageA.id);
});

beforeEach(async () => {
  before = await snapshot(db.dataSource);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

describe('setHelperCapacity refuses what cannot be true', () => {
  it('names bad windows, minutes and bulk fields', async () => {
    await expectRefused(SET, capacity({ availability: [{ weekday: 2, windowStart: '12:00', windowEnd: '09:00' }] }), [
      { field: 'availability.0.windowEnd', code: 'CONFLICT' },
    ]);
    await expectRefused(
      SET,
      capacity({
        availability: [
          { weekday: 2, windowStart: '08:00', windowEnd: '10:00' },
          { weekday: 2, windowStart: '09:00', windowEnd: '11:00' },
        ],
      }),
      [{ field: 'availability.1.windowStart', code: 'CONFLICT' }],
    );
    await expectRefused(SET, capacity({ availability: [{ weekday: 8, windowStart: '08:00', windowEnd: '10:00' }] }), [
      { field: 'availability.0.weekday', code: 'OUT_OF_RANGE' },
    ]);
    await expectRefused(SET, capacity({ weeklyMinutes: 20_000 }), [{ field: 'weeklyMinutes', code: 'OUT_OF_RANGE' }]);
    await expectRefused(SET, capacity({ dailyOccurrences: 40 }), [{ field: 'dailyOccurrences', code: 'CONFLICT' }]);
    await expectRefused(SET, capacity({ organisationId: gid('Organisation', home.id) }), [
      { field: 'personId', code: 'CONFLICT' },
    ]);
  });

  it('refuses a certificated service without the certificate, and an expired certificate', async () => {
    await expectRefused(SET, capacity({ serviceTypes: ['MEAL_DELIVERY', 'BATHING'] }), [
      { field: 'serviceTypes.1', code: 'CERTIFICATE_REQUIRED' },
    ]);
  });
});

describe('capacities', () => {
  let helperId: string;

  it("registers a villager's capacity with consent, then bathing once certified", async () => {
    const created = await api.gql(SET, { input: capacity({ channel: 'HOME_VISIT' }) }, coordinator);
    expect(created.data.setHelperCapacity.errors).toEqual([]);
    const helper = created.data.setHelperCapacity.helper;
    helperId = helper.id;
    expect(helper).toMatchObject({
      kind: 'PERSON',
      consent: true,
      active: true,
      person: { name: '刘志强' },
      load: { committedMinutes: 0, committedElders: 0, remainingMinutes: 600, remainingElders: 3 },
    });
    expect(helper.availability).toEqual([
      { weekday: 1, windowStart: '08:00:00', windowEnd: '12:00:00' },
      { weekday: 3, windowStart: '08:00:00', windowEnd: '12:00:00' },
    ]);

    before = await snapshot(db.dataSource);
    await expectRefused(CERT, { helperId, kind: 'ELDER_CARE', expiresOn: inDays(-1) }, [
      { field: 'expiresOn', code: 'OUT_OF_RANGE' },
    ]);
    const certified = await api.gql(
      CERT,
      {
        input: { helperId, kind: 'ELDER_CARE', number: 'HL-2025-0012', issuedOn: inDays(-30), expiresOn: inDays(700) },
      },
      coordinator,
    );
    expect(certified.data.addCertificate.errors).toEqual([]);
    const bathing = await api.gql(
      SET,
      { input: capacity({ serviceTypes: ['MEAL_DELIVERY', 'BATHING'] }) },
      coordinator,
    );
    expect(bathing.data.setHelperCapacity.errors).toEqual([]);
    expect(bathing.data.setHelperCapacity.helper.id).toBe(helperId);
    expect(bathing.data.setHelperCapacity.helper.serviceTypes).toEqual(['MEAL_DELIVERY', 'BATHING']);
  });

  it('counts committed load from active assignments, in SQL', async () => {
    const helperUuid = (await db.dataSource.query('SELECT id FROM helper')).at(0).id;
    const insertNeedWithAssignment = async (minutes: number, status: 'ACTIVE' | 'RELEASED') => {
      const needId = crypto.randomUUID();
      await db.dataSource.query(
        `INSERT INTO need (id, county_id, region_id, elder_id, service_type, minutes_per_occurrence, recurrence, weekdays, window_start, window_end, start_date, entry_channel, entered_by)
         VALUES ($1, $2, $3, $4, 'MEAL_DELIVERY', 30, 'WEEKLY', '{1,3}', '09:00', '10:00', '2026-12-01', 'APP', 'test')`,
        [needId, county.county.id, county.groupA.id, elder.id],
      );
      await db.dataSource.query(
        `INSERT INTO assignment (id, county_id, need_id, helper_id, elder_id, weekly_minutes, status, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, 'test')`,
        [crypto.randomUUID(), county.county.id, needId, helperUuid, elder.id, minutes, status],
      );
    };
    await insertNeedWithAssignment(60, 'ACTIVE');
    await insertNeedWithAssignment(90, 'ACTIVE');
    await insertNeedWithAssignment(500, 'RELEASED');
    const response = await api.gql(
      'query ($id: ID!) { node(id: $id) { ... on Helper { load { committedMinutes committedElders remainingMinutes remainingElders } } } }',
      { id: helperId },
      coordinator,
    );
    expect(response.data.node.load).toEqual({
      committedMinutes: 150,
      committedElders: 1,
      remainingMinutes: 450,
      remainingElders: 2,
    });
  });

  it('pauses and resumes a helper with a reason', async () => {
    const PAUSE =
      'mutation ($input: PauseHelperInput!) { pauseHelper(input: $input) { helper { active pausedReason } errors { field code } } }';
    expect((await api.gql(PAUSE, { input: { helperId, reason: '外出务工' } }, coordinator)).data.pauseHelper).toEqual({
      helper: { active: false, pausedReason: '外出务工' },
      errors: [],
    });
    before = await snapshot(db.dataSource);
    await expectRefused(PAUSE, { helperId, reason: '再次' }, [{ field: 'helperId', code: 'CONFLICT' }]);
    const resumed = await api.gql(
      'mutation ($input: ResumeHelperInput!) { resumeHelper(input: $input) { helper { active pausedReason } errors { field } } }',
      { input: { helperId } },
      coordinator,
    );
    expect(resumed.data.resumeHelper).toEqual({ helper: { active: true, pausedReason: null }, errors: [] });
  });

  it("takes an organisation's bulk capacity: 40 meals a day", async () => {
    const response = await api.gql(
      SET,
      {
        input: {
          organisationId: gid('Organisation', home.id),
          serviceTypes: ['MEAL_DELIVERY'],
          weeklyMinutes: 20_000,
          maxElders: 40,
          dailyOccurrences: 40,
          availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, windowStart: '10:30', windowEnd: '12:30' })),
          consent: true,
        },
      },
      coordinator,
    );
    expect(response.data.setHelperCapacity.errors).toEqual([]);
    expect(response.data.setHelperCapacity.helper).toMatchObject({
      kind: 'ORGANISATION',
      dailyOccurrences: 40,
      organisation: { name: '李家村幸福院' },
    });
  });

  it('lists helpers by service type, and only in scope', async () => {
    const query = 'query ($s: ServiceType) { helpers(serviceType: $s) { totalCount edges { node { kind } } } }';
    expect((await api.gql(query, { s: 'BATHING' }, coordinator)).data.helpers.totalCount).toBe(1);
    expect((await api.gql(query, { s: 'MEAL_DELIVERY' }, coordinator)).data.helpers.totalCount).toBe(2);
    expect(
      (await api.gql(query, {}, await api.token(Role.COORDINATOR, county.villageB.id))).data.helpers.totalCount,
    ).toBe(0);
  });

  it("lets a helper set their own capacity but nobody else's", async () => {
    const own = await api.token(Role.HELPER, county.villageA.id, volunteer.id);
    const ok = await api.gql(SET, { input: capacity({ weeklyMinutes: 300 }) }, own);
    expect(ok.data.setHelperCapacity.errors).toEqual([]);
    const other = await api.token(Role.HELPER, county.villageA.id, elder.id);
    const denied = await api.gql(SET, { input: capacity() }, other);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('scope and sensitive fields on helpers', () => {
  it('hides coordinates and certificate numbers from non-coordinators, and the helper from other villages', async () => {
    const listed = await api.gql('{ helpers { edges { node { id kind } } } }', {}, coordinator);
    const id = listed.data.helpers.edges.find((edge: any) => edge.node.kind === 'PERSON').node.id;
    await db.dataSource.query(
      'UPDATE helper SET latitude = 31.2, longitude = 117.3 WHERE id = (SELECT id FROM helper WHERE kind = $1)',
      ['PERSON'],
    );
    const query =
      'query ($id: ID!) { node(id: $id) { ... on Helper { latitude longitude certificates { kind number } } } }';
    const own = await api.gql(query, { id }, coordinator);
    expect(own.errors).toBeUndefined();
    expect(own.data.node).toMatchObject({
      latitude: 31.2,
      longitude: 117.3,
      certificates: [{ kind: 'ELDER_CARE', number: 'HL-2025-0012' }],
    });
    const supervisor = await api.gql(query, { id }, await api.token(Role.SUPERVISOR, county.villageA.id));
    expect(supervisor.errors).toBeUndefined();
    expect(supervisor.data.node).toMatchObject({ latitude: null, longitude: null, certificates: [{ number: null }] });
    expect(redactedFields(supervisor)).toEqual(['Certificate.number', 'Helper.latitude', 'Helper.longitude']);
    const outside = await api.gql(query, { id }, await api.token(Role.COORDINATOR, county.villageB.id));
    expect(outside.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
