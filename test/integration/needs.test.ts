import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { Helper, HelperKind } from '../../src/modules/helper/helper.entity.ts';
import type { Person } from '../../src/modules/person/person.entity.ts';
import { Disability, SelfCareLevel } from '../../src/modules/person/person.enums.ts';
import { RelationshipRow } from '../../src/modules/relationship/relationship.entity.ts';
import { RelationshipKind } from '../../src/modules/relationship/relationship.enums.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty, type SmallCounty } from '../support/fixtures.ts';
import { redactedFields, startTestServer, type TestServer } from '../support/server.ts';
import { snapshot } from '../support/snapshot.ts';

let db: TestDatabase;
let api: TestServer;
let county: SmallCounty;
let elder: Person;
let daughter: Person;
let stranger: Person;
let youngster: Person;
let elderB: Person;
let helperRow: Helper;
let coordinator: string;
let before: Record<string, string>;

const gid = toGlobalId;
const CREATE = `mutation ($input: CreateNeedInput!) { createNeed(input: $input) {
  need { id status serviceType minutesPerOccurrence weeklyMinutes entryChannel daysUnmet recurrence { kind weekdays windowStart windowEnd summaryZh }
    proxy { name } elder { name } priority { score band } preferredHelpers { id } history { from to reason actor } }
  errors { field code message } } }`;

const mealsMonWedFri = () => ({
  elderId: gid('Person', elder.id),
  serviceType: 'MEAL_DELIVERY',
  minutesPerOccurrence: 30,
  recurrence: { kind: 'WEEKLY', weekdays: [1, 3, 5], windowStart: '11:00', windowEnd: '12:30' },
  startDate: '2026-12-01',
});

async function expectRefused(
  input: Record<string, unknown>,
  expected: { field: string; code: string }[],
  token = coordinator,
  query = CREATE,
) {
  const response = await api.gql(query, { input }, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const payload = Object.values(response.data)[0] as { errors: { field: string; code: string }[] };
  expect(payload.errors.map(({ field, code }) => ({ field, code }))).toEqual(expected);
  expect(await snapshot(db.dataSource)).toEqual(before);
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db);
  county = await insertSmallCounty(db.dataSource);
  elder = await insertPerson(db.dataSource, county.groupA, {
    name: '王秀兰',
    birthYear: 1938,
    selfCareLevel: SelfCareLevel.DEPENDENT,
    livesAlone: true,
    disability: Disability.PHYSICAL,
    healthNotes: '中风后遗症',
  });
  daughter = await insertPerson(db.dataSource, county.groupA, { name: '王丽', birthYear: 1968, selfCareLevel: null });
  stranger = await insertPerson(db.dataSource, county.groupA, { name: '陌生人', birthYear: 1970, selfCareLevel: null });
  youngster = await insertPerson(db.dataSource, county.groupA, { name: '小明', birthYear: 1990, selfCareLevel: null });
  elderB = await insertPerson(db.dataSource, county.groupB, { name: '邻村老人', birthYear: 1945 });
  const [a, b] = [elder.id, daughter.id].sort();
  await db.dataSource.manager.insert(RelationshipRow, {
    id: crypto.randomUUID(),
    countyId: county.county.id,
    personAId: a,
    personBId: b,
    kind: RelationshipKind.KIN,
    kinDegree: 1,
    kinTerm: '母女',
  });
  helperRow = await db.dataSource.manager.save(Helper, {
    id: crypto.randomUUID(),
    countyId: county.county.id,
    kind: HelperKind.PERSON,
    personId: youngster.id,
    organisationId: null,
    regionId: county.groupA.id,
    latitude: null,
    longitude: null,
    travelRadiusKm: 3,
    serviceTypes: ['MEAL_DELIVERY' as never],
    weeklyMinutes: 600,
    maxElders: 3,
    dailyOccurrences: null,
    active: true,
    pausedReason: null,
    consent: true,
    consentAt: new Date(),
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

describe('createNeed refuses bad forms and writes nothing', () => {
  it('names windows that end before they start and minutes out of range', async () => {
    await expectRefused(
      { ...mealsMonWedFri(), recurrence: { kind: 'WEEKLY', weekdays: [1], windowStart: '12:00', windowEnd: '11:00' } },
      [{ field: 'recurrence.windowEnd', code: 'CONFLICT' }],
    );
    await expectRefused({ ...mealsMonWedFri(), minutesPerOccurrence: 0 }, [
      { field: 'minutesPerOccurrence', code: 'OUT_OF_RANGE' },
    ]);
    await expectRefused({ ...mealsMonWedFri(), minutesPerOccurrence: 1441 }, [
      { field: 'minutesPerOccurrence', code: 'OUT_OF_RANGE' },
    ]);
    await expectRefused({ ...mealsMonWedFri(), minutesPerOccurrence: 120 }, [
      { field: 'minutesPerOccurrence', code: 'CONFLICT' },
    ]);
    await expectRefused(
      { ...mealsMonWedFri(), recurrence: { kind: 'WEEKLY', weekdays: [], windowStart: '11:00', windowEnd: '12:00' } },
      [{ field: 'recurrence.weekdays', code: 'REQUIRED' }],
    );
    await expectRefused(
      { ...mealsMonWedFri(), recurrence: { kind: 'DAILY', weekdays: [6], windowStart: '11:00', windowEnd: '12:00' } },
      [{ field: 'recurrence.weekdays', code: 'CONFLICT' }],
    );
    // Rules declared on the nested recurrence input run too.
    await expectRefused(
      { ...mealsMonWedFri(), recurrence: { kind: 'WEEKLY', weekdays: [8], windowStart: '11:00', windowEnd: '12:00' } },
      [{ field: 'recurrence.weekdays', code: 'OUT_OF_RANGE' }],
    );
    await expectRefused(
      {
        ...mealsMonWedFri(),
        recurrence: { kind: 'WEEKLY', weekdays: [1, 3, 1], windowStart: '11:00', windowEnd: '12:00' },
      },
      [{ field: 'recurrence.weekdays', code: 'DUPLICATE' }],
    );
    await expectRefused(
      {
        ...mealsMonWedFri(),
        recurrence: { kind: 'WEEKLY', weekdays: [1, 2, 3, 4, 5, 6, 7, 1], windowStart: '11:00', windowEnd: '12:00' },
      },
      [
        { field: 'recurrence.weekdays', code: 'DUPLICATE' },
        { field: 'recurrence.weekdays', code: 'OUT_OF_RANGE' },
      ],
    );
    await expectRefused({ ...mealsMonWedFri(), helpersNeeded: 5 }, [{ field: 'helpersNeeded', code: 'OUT_OF_RANGE' }]);
    await expectRefused({ ...mealsMonWedFri(), endDate: '2026-11-01' }, [{ field: 'endDate', code: 'CONFLICT' }]);
  });

  it('refuses a need for someone who is not an elder, or unknown', async () => {
    await expectRefused({ ...mealsMonWedFri(), elderId: gid('Person', youngster.id) }, [
      { field: 'elderId', code: 'WRONG_KIND' },
    ]);
    await expectRefused({ ...mealsMonWedFri(), elderId: gid('Person', crypto.randomUUID()) }, [
      { field: 'elderId', code: 'NOT_FOUND' },
    ]);
    await expectRefused({ ...mealsMonWedFri(), elderId: gid('Person', elderB.id) }, [
      { field: 'elderId', code: 'NOT_FOUND' },
    ]);
  });

  it('refuses a helper both preferred and refused, and a proxy with no tie', async () => {
    const helperId = gid('Helper', helperRow.id);
    await expectRefused({ ...mealsMonWedFri(), preferredHelperIds: [helperId], refusedHelperIds: [helperId] }, [
      { field: 'refusedHelperIds.0', code: 'CONFLICT' },
    ]);
    await expectRefused({ ...mealsMonWedFri(), proxyId: gid('Person', stranger.id) }, [
      { field: 'proxyId', code: 'NO_TIE' },
    ]);
    const strangerToken = await api.token(Role.FAMILY_PROXY, county.villageA.id, stranger.id);
    await expectRefused(mealsMonWedFri(), [{ field: 'proxyId', code: 'NO_TIE' }], strangerToken);
  });
});

describe('needs entered by the people who know', () => {
  it('a coordinator enters a weekly meal need; it is open, prioritised and explained', async () => {
    const response = await api.gql(
      CREATE,
      { input: { ...mealsMonWedFri(), preferredHelperIds: [gid('Helper', helperRow.id)], channel: 'PAPER_FORM' } },
      coordinator,
    );
    const need = response.data.createNeed.need;
    expect(response.data.createNeed.errors).toEqual([]);
    expect(need).toMatchObject({
      status: 'OPEN',
      weeklyMinutes: 90,
      entryChannel: 'PAPER_FORM',
      daysUnmet: 0,
      proxy: null,
      elder: { name: '王秀兰' },
      recurrence: {
        kind: 'WEEKLY',
        weekdays: [1, 3, 5],
        windowStart: '11:00:00',
        windowEnd: '12:30:00',
        summaryZh: '每周一、三、五 11:00–12:30',
      },
      preferredHelpers: [{ id: gid('Helper', helperRow.id) }],
      history: [{ from: null, to: 'OPEN', reason: 'ENTERED', actor: 'test:coordinator' }],
    });
    // DEPENDENT 40 + lives alone 15 + disability 10 + aged 80+ 10 = 75.
    expect(need.priority).toEqual({ score: 75, band: 'URGENT' });
  });

  it('a daughter with a tie enters one herself, recorded as the proxy', async () => {
    const token = await api.token(Role.FAMILY_PROXY, county.villageA.id, daughter.id);
    const response = await api.gql(
      CREATE,
      {
        input: {
          ...mealsMonWedFri(),
          serviceType: 'VISIT_CHECK',
          recurrence: { kind: 'DAILY', weekdays: [], windowStart: '09:00', windowEnd: '10:00' },
          minutesPerOccurrence: 20,
        },
      },
      token,
    );
    expect(response.data.createNeed.errors).toEqual([]);
    expect(response.data.createNeed.need).toMatchObject({
      proxy: { name: '王丽' },
      weeklyMinutes: 140,
      entryChannel: 'APP',
    });
  });

  it('a helper on a home visit enters one', async () => {
    const token = await api.token(Role.HELPER, county.villageA.id, youngster.id);
    const response = await api.gql(
      CREATE,
      {
        input: {
          ...mealsMonWedFri(),
          serviceType: 'BATHING',
          helpersNeeded: 2,
          channel: 'HOME_VISIT',
          recurrence: { kind: 'ONCE', weekdays: [], windowStart: '14:00', windowEnd: '16:00' },
          minutesPerOccurrence: 60,
        },
      },
      token,
    );
    expect(response.data.createNeed.errors).toEqual([]);
    expect(response.data.createNeed.need).toMatchObject({ entryChannel: 'HOME_VISIT', weeklyMinutes: 60 });
  });
});

describe('reading needs', () => {
  it("lists a village's needs for its coordinator only, notes guarded", async () => {
    const query =
      '{ needs(first: 50) { totalCount edges { node { serviceType notes priority { band parts { factor points } } } } } }';
    const own = await api.gql(query, {}, coordinator);
    expect(own.errors).toBeUndefined();
    expect(own.data.needs.totalCount).toBe(3);
    expect(own.data.needs.edges[0].node.priority.parts.length).toBeGreaterThan(0);
    const other = await api.gql(query, {}, await api.token(Role.COORDINATOR, county.villageB.id));
    expect(other.data.needs.totalCount).toBe(0);
    const helper = await api.gql(query, {}, await api.token(Role.HELPER, county.villageA.id));
    expect(helper.data.needs.totalCount).toBe(3);
    expect(helper.errors).toBeUndefined();
    expect(redactedFields(helper)).toEqual(['Need.notes', 'NeedPriority.parts']);
    const filtered = await api.gql('{ needs(status: OPEN, serviceType: BATHING) { totalCount } }', {}, coordinator);
    expect(filtered.data.needs.totalCount).toBe(1);
  });
});

describe('lifecycle', () => {
  it('pauses, resumes and cancels with who and why, and refuses a move from a final status', async () => {
    const list = await api.gql('{ needs(serviceType: MEAL_DELIVERY) { edges { node { id } } } }', {}, coordinator);
    const id = list.data.needs.edges[0].node.id;
    const change = (name: string, input: Record<string, unknown>) =>
      api.gql(
        `mutation ($input: ${name === 'resumeNeed' ? 'ResumeNeedInput' : 'ChangeNeedStatusInput'}!) { ${name}(input: $input) { need { status statusReason statusNote history { from to reason note } } errors { field code } } }`,
        { input },
        coordinator,
      );
    before = await snapshot(db.dataSource);
    // A code that does not fit the change, and OTHER without a note, are refused and write nothing.
    expect((await change('pauseNeed', { id, reason: 'NEED_MET' })).data.pauseNeed.errors).toEqual([
      { field: 'reason', code: 'INVALID' },
    ]);
    expect((await change('pauseNeed', { id, reason: 'OTHER' })).data.pauseNeed.errors).toEqual([
      { field: 'note', code: 'REQUIRED' },
    ]);
    expect(await snapshot(db.dataSource)).toEqual(before);
    const paused = await change('pauseNeed', { id, reason: 'ELDER_AWAY', note: '住院' });
    expect(paused.data.pauseNeed.need).toMatchObject({
      status: 'PAUSED',
      statusReason: 'ELDER_AWAY',
      statusNote: '住院',
    });
    expect(paused.data.pauseNeed.need.history.at(-1)).toEqual({
      from: 'OPEN',
      to: 'PAUSED',
      reason: 'ELDER_AWAY',
      note: '住院',
    });
    expect((await change('resumeNeed', { id })).data.resumeNeed.need.status).toBe('OPEN');
    const cancelled = await change('cancelNeed', { id, reason: 'ELDER_MOVED', note: '去城里和儿子住' });
    expect(cancelled.data.cancelNeed.errors).toEqual([{ field: 'reason', code: 'INVALID' }]);
    const withdrawn = await change('cancelNeed', { id, reason: 'ELDER_DECLINED', note: '去城里和儿子住' });
    expect(withdrawn.data.cancelNeed.need.history.map((h: any) => [h.to, h.reason])).toEqual([
      ['OPEN', 'ENTERED'],
      ['PAUSED', 'ELDER_AWAY'],
      ['OPEN', 'RESUMED'],
      ['CANCELLED', 'ELDER_DECLINED'],
    ]);
    before = await snapshot(db.dataSource);
    const again = await change('closeNeed', { id, reason: 'NEED_MET' });
    expect(again.data.closeNeed.errors).toEqual([{ field: 'id', code: 'CONFLICT' }]);
    expect(await snapshot(db.dataSource)).toEqual(before);
  });
});

describe('priority weights', () => {
  const weights = (extra: Record<string, unknown> = {}) => ({
    countyId: gid('Region', county.county.id),
    selfCare: { INDEPENDENT: 0, PARTIAL: 30, DEPENDENT: 50 },
    livesAlone: 20,
    bottomLineHousehold: 15,
    disability: 10,
    aged80: 10,
    perUnmetDay: 2,
    unmetDaysCap: 20,
    bands: { urgent: 70, high: 45, medium: 20 },
    ...extra,
  });
  const UPDATE =
    'mutation ($input: UpdatePriorityWeightsInput!) { updatePriorityWeights(input: $input) { priorityWeights { livesAlone isDefault } errors { field code } } }';

  it('lets the county tune them and rescore every need', async () => {
    const official = await api.token(Role.COUNTY_OFFICIAL, county.county.id);
    await expectRefused(
      weights({ bands: { urgent: 10, high: 45, medium: 20 } }),
      [{ field: 'bands', code: 'OUT_OF_RANGE' }],
      official,
      UPDATE,
    );
    await expectRefused(weights({ livesAlone: -5 }), [{ field: 'livesAlone', code: 'OUT_OF_RANGE' }], official, UPDATE);
    const denied = await api.gql(UPDATE, { input: weights() }, coordinator);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const updated = await api.gql(UPDATE, { input: weights() }, official);
    expect(updated.data.updatePriorityWeights).toEqual({
      priorityWeights: { livesAlone: 20, isDefault: false },
      errors: [],
    });
    const scored = await api.gql(
      '{ needs(serviceType: BATHING) { edges { node { priority { score band } } } } }',
      {},
      coordinator,
    );
    // DEPENDENT 50 + alone 20 + disability 10 + aged 80+ 10 = 90.
    expect(scored.data.needs.edges[0].node.priority).toEqual({ score: 90, band: 'URGENT' });
  });
});

describe('scope on needs', () => {
  it('forbids a coordinator of another village to read or change a need', async () => {
    const id = (await api.gql('{ needs(first: 1) { edges { node { id } } } }', {}, coordinator)).data.needs.edges[0]
      .node.id;
    const outsider = await api.token(Role.COORDINATOR, county.villageB.id);
    const read = await api.gql('query ($id: ID!) { need(id: $id) { serviceType } }', { id }, outsider);
    expect(read.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    before = await snapshot(db.dataSource);
    await expectRefused(
      { id, minutesPerOccurrence: 45 },
      [{ field: 'id', code: 'NOT_FOUND' }],
      outsider,
      'mutation ($input: UpdateNeedInput!) { updateNeed(input: $input) { need { id } errors { field code } } }',
    );
  });
});

describe("the elder's stated choices", () => {
  it("records who stated the elder's choice and when: the daughter speaking for her, or the elder herself", async () => {
    const CHOICES = `{ id statedChoices { helper { id } preferred byElder spokenBy { name } statedAt } }`;
    const proxyToken = await api.token(Role.FAMILY_PROXY, county.villageA.id, daughter.id);
    const helperId = gid('Helper', helperRow.id);
    const bySpeaker = await api.gql(
      `mutation ($input: CreateNeedInput!) { createNeed(input: $input) { need ${CHOICES} errors { field code } } }`,
      { input: { ...mealsMonWedFri(), preferredHelperIds: [helperId] } },
      proxyToken,
    );
    expect(bySpeaker.data.createNeed.errors).toEqual([]);
    const [spoken] = bySpeaker.data.createNeed.need.statedChoices;
    expect(spoken).toMatchObject({
      helper: { id: helperId },
      preferred: true,
      byElder: false,
      spokenBy: { name: '王丽' },
    });

    // The coordinator enters the elder's own word on another need; stated again unchanged, it keeps its date.
    const own = await api.gql(
      `mutation ($input: CreateNeedInput!) { createNeed(input: $input) { need ${CHOICES} errors { field code } } }`,
      { input: { ...mealsMonWedFri(), serviceType: 'VISIT_CHECK', refusedHelperIds: [helperId] } },
      coordinator,
    );
    const first = own.data.createNeed.need.statedChoices[0];
    expect(first).toMatchObject({ preferred: false, byElder: true, spokenBy: null });
    const again = await api.gql(
      `mutation ($input: UpdateNeedInput!) { updateNeed(input: $input) { need ${CHOICES} errors { field } } }`,
      { input: { id: own.data.createNeed.need.id, refusedHelperIds: [helperId], notes: '再次确认' } },
      coordinator,
    );
    expect(again.data.updateNeed.errors).toEqual([]);
    expect(again.data.updateNeed.need.statedChoices).toEqual([first]);
  });
});
