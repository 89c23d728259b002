import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import type { Person } from '../../src/modules/person/person.entity.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty, type SmallCounty } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * What a charity sees of a need follows every change that moves it, not only changes to the need
 * itself: an elder's birth year corrected moves the age band, a county's new weights move the
 * urgency band. Each writer records a domain event; the public-need module turns it into outbox
 * entries in the same transaction.
 */
let db: TestDatabase;
let api: TestServer;
let county: SmallCounty;
let coordinator: string;
let official: string;
let elder: Person;

async function latestPublished(): Promise<{ type: string; ageBand: string; urgency: string; count: number }> {
  const rows = await db.dataSource.query(`SELECT type, payload FROM public_need_event ORDER BY position`);
  const last = rows.at(-1);
  return { type: last.type, ageBand: last.payload.ageBand, urgency: last.payload.urgency, count: rows.length };
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db);
  county = await insertSmallCounty(db.dataSource);
  coordinator = await api.token(Role.COORDINATOR, county.villageA.id);
  official = await api.token(Role.COUNTY_OFFICIAL, county.county.id);
  // Independent, not alone, 72 this year: LOW urgency, age band 70–79.
  elder = await insertPerson(db.dataSource, county.groupA, {
    name: '孙秀英',
    birthYear: 1954,
    selfCareLevel: 'INDEPENDENT' as never,
    livesAlone: false,
    leftBehind: false,
  });
  const consent = await api.gql(
    `mutation ($input: SetSharingConsentInput!) { setSharingConsent(input: $input) { errors { field code } } }`,
    { input: { elderId: toGlobalId('Person', elder.id), consent: true } },
    coordinator,
  );
  expect(consent.data.setSharingConsent.errors).toEqual([]);
  const created = await api.gql(
    `mutation ($input: CreateNeedInput!) { createNeed(input: $input) { errors { field code } } }`,
    {
      input: {
        elderId: toGlobalId('Person', elder.id),
        serviceType: 'VISIT_CHECK',
        minutesPerOccurrence: 30,
        recurrence: { kind: 'WEEKLY', weekdays: [1], windowStart: '09:00', windowEnd: '10:00' },
        startDate: '2026-12-01',
      },
    },
    coordinator,
  );
  expect(created.data.createNeed.errors).toEqual([]);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

describe('the charity feed follows changes made elsewhere', () => {
  it('publishes the need when the feed first sees it', async () => {
    expect(await latestPublished()).toEqual({ type: 'NEED_PUBLISHED', ageBand: '70–79', urgency: 'LOW', count: 1 });
  });

  it("updates the need when the elder's birth year is corrected (age band 70–79 → 90+)", async () => {
    const updated = await api.gql(
      `mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { errors { field code } } }`,
      { input: { id: toGlobalId('Person', elder.id), birthYear: 1934 } },
      coordinator,
    );
    expect(updated.data.updatePerson.errors).toEqual([]);
    expect(await latestPublished()).toMatchObject({ type: 'NEED_UPDATED', ageBand: '90+', count: 2 });
  });

  it("updates the need when the county's weights move its urgency band", async () => {
    const before = await latestPublished();
    expect(before.urgency).toBe('LOW');
    // Aged 80+ alone is now worth 70 points: URGENT.
    const weights = {
      countyId: toGlobalId('Region', county.county.id),
      selfCare: { INDEPENDENT: 0, PARTIAL: 20, DEPENDENT: 40 },
      livesAlone: 15,
      bottomLineHousehold: 15,
      disability: 10,
      aged80: 70,
      perUnmetDay: 1,
      unmetDaysCap: 30,
      bands: { urgent: 60, high: 40, medium: 20 },
    };
    const response = await api.gql(
      `mutation ($input: UpdatePriorityWeightsInput!) { updatePriorityWeights(input: $input) { errors { field code } } }`,
      { input: weights },
      official,
    );
    expect(response.data.updatePriorityWeights.errors).toEqual([]);
    expect(await latestPublished()).toMatchObject({ type: 'NEED_UPDATED', urgency: 'URGENT', count: 3 });
  });

  it('writes nothing to the outbox when a change moves nothing a charity sees', async () => {
    const before = await latestPublished();
    const renamed = await api.gql(
      `mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { errors { field code } } }`,
      { input: { id: toGlobalId('Person', elder.id), phone: '13900139000' } },
      coordinator,
    );
    expect(renamed.data.updatePerson.errors).toEqual([]);
    expect((await latestPublished()).count).toBe(before.count);
  });
});
