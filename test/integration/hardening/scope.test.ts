import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/role.ts';
import { toGlobalId } from '../../../src/common/global-id.ts';
import { RelationshipKind } from '../../../src/modules/relationship/relationship.enums.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { insertPerson, insertSmallCounty, type SmallCounty } from '../../support/fixtures.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { snapshot } from '../../support/snapshot.ts';
import type { Person } from '../../../src/modules/person/person.entity.ts';

/** Scope holes found by the probe, each reproduced first, over real HTTP. */
let db: TestDatabase;
let api: TestServer;
let county: SmallCounty;
let otherCounty: SmallCounty;
let coordinatorA: string;
let elderA: Person;
let personB: Person;
let stranger: Person;

async function tie(a: Person, b: Person, kind: RelationshipKind, kinDegree: number | null = null): Promise<void> {
  const [x, y] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
  await db.dataSource.query(
    `INSERT INTO relationship (id, county_id, person_a_id, person_b_id, kind, kin_degree) VALUES ($1, $2, $3, $4, $5, $6)`,
    [crypto.randomUUID(), a.countyId, x, y, kind, kinDegree],
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db);
  county = await insertSmallCounty(db.dataSource);
  otherCounty = await insertSmallCounty(db.dataSource, '990002');
  coordinatorA = await api.token(Role.COORDINATOR, county.villageA.id);
  elderA = await insertPerson(db.dataSource, county.groupA, { name: '张桂兰' });
  personB = await insertPerson(db.dataSource, county.groupB, { name: '李建国', birthYear: 1970, selfCareLevel: null });
  stranger = await insertPerson(db.dataSource, otherCounty.groupA, {
    name: '外县人',
    birthYear: 1970,
    selfCareLevel: null,
  });
  await tie(elderA, personB, RelationshipKind.KIN, 1);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

describe('a token whose region no longer exists', () => {
  it('reads nothing: every list is refused instead of covering the whole county', async () => {
    const ghost = await api.token(Role.COORDINATOR, crypto.randomUUID());
    for (const list of ['people', 'needs', 'helpers', 'organisations']) {
      const response = await api.gql(`query { ${list}(first: 5) { totalCount } }`, {}, ghost);
      expect(response.data).toBeNull();
      expect(response.errors?.[0].extensions?.code, list).toBe('FORBIDDEN');
      expect(response.errors?.[0].message).toMatch(/no longer exists/);
    }
    // The same lists answer for a token whose region exists.
    const fine = await api.gql(`query { people(first: 5) { totalCount } }`, {}, coordinatorA);
    expect(fine.data.people.totalCount).toBe(1);
  });
});

const CREATE_NEED = `mutation ($input: CreateNeedInput!) { createNeed(input: $input) { need { id proxy { name } } errors { field code message } } }`;
const needInput = (proxyId: string) => ({
  elderId: toGlobalId('Person', elderA.id),
  serviceType: 'VISIT_CHECK',
  minutesPerOccurrence: 30,
  proxyId: toGlobalId('Person', proxyId),
  recurrence: { kind: 'WEEKLY', weekdays: [1], windowStart: '09:00', windowEnd: '10:00' },
  startDate: '2026-12-01',
});

describe("a need's proxy", () => {
  it("must be a person the writer may read: another county's or another village's person is NOT_FOUND, and nothing is written", async () => {
    const before = await snapshot(db.dataSource);
    for (const proxy of [stranger, personB]) {
      const response = await api.gql(CREATE_NEED, { input: needInput(proxy.id) }, coordinatorA);
      expect(response.data.createNeed).toEqual({
        need: null,
        errors: [{ field: 'proxyId', code: 'NOT_FOUND', message: 'No person with this id in your region' }],
      });
    }
    expect(await snapshot(db.dataSource)).toEqual(before);
    // A township coordinator reads both villages, so the son is a valid proxy for them.
    const township = await api.token(Role.COORDINATOR, county.township.id);
    const created = await api.gql(CREATE_NEED, { input: needInput(personB.id) }, township);
    expect(created.data.createNeed.errors).toEqual([]);
    expect(created.data.createNeed.need.proxy).toEqual({ name: '李建国' });
  });

  it('reads as null through need.proxy for a viewer who may not read the proxy', async () => {
    const response = await api.gql(
      `query { needs(first: 5) { edges { node { elder { name } proxy { name } } } } }`,
      {},
      coordinatorA,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.needs.edges).toEqual([{ node: { elder: { name: '张桂兰' }, proxy: null } }]);
  });
});

describe("a proposal's helper", () => {
  it('obeys the person read rule: a village coordinator sees FORBIDDEN for a helper from another village', async () => {
    const helperId = crypto.randomUUID();
    await db.dataSource.query(
      `INSERT INTO helper (id, county_id, kind, person_id, region_id, service_types, weekly_minutes, max_elders, consent) VALUES ($1, $2, 'PERSON', $3, $4, '{VISIT_CHECK}', 300, 2, true)`,
      [helperId, county.county.id, personB.id, county.groupB.id],
    );
    const [need] = await db.dataSource.query(`SELECT id FROM need LIMIT 1`);
    const runId = crypto.randomUUID();
    await db.dataSource.query(
      `INSERT INTO match_run (id, county_id, region_id, dry_run, status, progress, requested_by, lease_until) VALUES ($1, $2, $3, false, 'SUCCEEDED', 1, 'test', now())`,
      [runId, county.county.id, county.township.id],
    );
    await db.dataSource.query(
      `INSERT INTO match_proposal (id, run_id, county_id, region_id, need_id, helper_id, tier, cost, runners_up) VALUES ($1, $2, $3, $4, $5, $6, 'KIN', '{"total": 0}', '[]')`,
      [crypto.randomUUID(), runId, county.county.id, county.groupA.id, need.id, helperId],
    );
    const query = `query ($run: ID!) { proposals(runId: $run, first: 5) { edges { node { tier helper { person { name } } } } } }`;
    const township = await api.token(Role.COORDINATOR, county.township.id);
    const seen = await api.gql(query, { run: toGlobalId('MatchRun', runId) }, township);
    expect(seen.data.proposals.edges).toEqual([{ node: { tier: 'KIN', helper: { person: { name: '李建国' } } } }]);
    const village = await api.gql(query, { run: toGlobalId('MatchRun', runId) }, coordinatorA);
    expect(village.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toContainEqual([
      'proposals.edges.0.node.helper',
      'FORBIDDEN',
    ]);
    expect(JSON.stringify(village.data)).not.toContain('李建国');
  });
});

describe("an organisation's service areas", () => {
  it('must be writable by the viewer: a village coordinator cannot declare service in another village', async () => {
    const before = await snapshot(db.dataSource);
    const response = await api.gql(
      `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { id } errors { field code message } } }`,
      {
        input: {
          regionId: toGlobalId('Region', county.villageA.id),
          kind: 'CHARITY_HOME',
          name: '越界幸福院',
          serviceAreaIds: [toGlobalId('Region', county.villageA.id), toGlobalId('Region', county.villageB.id)],
        },
      },
      coordinatorA,
    );
    expect(response.data.createOrganisation).toEqual({
      organisation: null,
      errors: [
        {
          field: 'serviceAreaIds.1',
          code: 'OUT_OF_SCOPE',
          message: 'You cannot declare service in a region outside your own',
        },
      ],
    });
    expect(await snapshot(db.dataSource)).toEqual(before);
  });
});
