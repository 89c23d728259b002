import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { RelationshipRow } from '../../src/modules/relationship/relationship.entity.ts';
import { RelationshipKind } from '../../src/modules/relationship/relationship.enums.ts';
import type { Person } from '../../src/modules/person/person.entity.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty, type SmallCounty } from '../support/fixtures.ts';
import { redactedFields, startTestServer, type TestServer } from '../support/server.ts';

let db: TestDatabase;
let api: TestServer;
let county: SmallCounty;
let elderA: Person;
let sonB: Person;

const PERSON_QUERY = `query ($id: ID!) { person(id: $id) { id name healthNotes phone selfCareLevel relationships { kind other { name } } } }`;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db);
  county = await insertSmallCounty(db.dataSource);
  elderA = await insertPerson(db.dataSource, county.groupA, { name: '李秀英', healthNotes: '糖尿病' });
  sonB = await insertPerson(db.dataSource, county.groupB, {
    name: '李建国',
    birthYear: 1970,
    selfCareLevel: null,
    healthNotes: null,
  });
  const [a, b] = [elderA.id, sonB.id].sort();
  await db.dataSource.manager.insert(RelationshipRow, {
    id: crypto.randomUUID(),
    countyId: county.county.id,
    personAId: a,
    personBId: b,
    kind: RelationshipKind.KIN,
    kinDegree: 1,
    kinTerm: '母子',
  });
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

describe('authentication', () => {
  it('asks for a token', async () => {
    const response = await api.gql('{ viewer { role } }');
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data).toBeNull();
  });

  it('refuses a token signed with another secret with 401', async () => {
    const forged = (await api.token(Role.ADMIN)).replace(/\.[^.]+$/, '.AAAA');
    const response = await api.gql('{ viewer { role } }', {}, forged);
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('describes the viewer', async () => {
    const token = await api.token(Role.COORDINATOR, county.villageA.id);
    const response = await api.gql('{ viewer { role canWrite canReadSensitive region { name kind } } }', {}, token);
    expect(response.data.viewer).toEqual({
      role: 'COORDINATOR',
      canWrite: true,
      canReadSensitive: true,
      region: { name: '李家村', kind: 'VILLAGE' },
    });
  });
});

describe('region scope', () => {
  it('lists a whole subtree for the township', async () => {
    const token = await api.token(Role.COORDINATOR, county.township.id);
    const response = await api.gql('{ people(first: 10) { totalCount edges { node { name } } } }', {}, token);
    expect(response.data.people.totalCount).toBe(2);
  });

  it('keeps a village coordinator inside the village', async () => {
    const token = await api.token(Role.COORDINATOR, county.villageA.id);
    const own = await api.gql('{ people { totalCount edges { node { name } } } }', {}, token);
    expect(own.data.people.edges.map((e: any) => e.node.name)).toEqual(['李秀英']);

    const other = await api.gql(PERSON_QUERY, { id: toGlobalId('Person', sonB.id) }, token);
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(other.data).toEqual({ person: null });

    const list = await api.gql(
      'query ($r: ID) { people(regionId: $r) { totalCount } }',
      { r: toGlobalId('Region', county.villageB.id) },
      token,
    );
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const node = await api.gql(
      'query ($id: ID!) { node(id: $id) { id } }',
      { id: toGlobalId('Region', county.villageB.id) },
      token,
    );
    expect(node.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("hides ties that lead outside the viewer's region", async () => {
    const coordinatorA = await api.token(Role.COORDINATOR, county.villageA.id);
    const scoped = await api.gql(PERSON_QUERY, { id: toGlobalId('Person', elderA.id) }, coordinatorA);
    expect(scoped.data.person.relationships).toEqual([]);

    const admin = await api.token(Role.ADMIN);
    const fromMother = await api.gql(PERSON_QUERY, { id: toGlobalId('Person', elderA.id) }, admin);
    const fromSon = await api.gql(PERSON_QUERY, { id: toGlobalId('Person', sonB.id) }, admin);
    expect(fromMother.data.person.relationships).toEqual([{ kind: 'KIN', other: { name: '李建国' } }]);
    expect(fromSon.data.person.relationships).toEqual([{ kind: 'KIN', other: { name: '李秀英' } }]);
  });

  it('refuses writes outside the region and leaves the record as it was', async () => {
    const token = await api.token(Role.COORDINATOR, county.villageA.id);
    const response = await api.gql(
      'mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { person { name } errors { field } } }',
      { input: { id: toGlobalId('Person', sonB.id), name: '改名' } },
      token,
    );
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const row = await db.dataSource.query('SELECT name FROM person WHERE id = $1', [sonB.id]);
    expect(row[0].name).toBe('李建国');
  });
});

describe('sensitive fields', () => {
  const id = () => toGlobalId('Person', elderA.id);

  it("are readable by ADMIN and by the coordinator of the elder's region", async () => {
    for (const token of [
      await api.token(Role.ADMIN),
      await api.token(Role.COORDINATOR, county.villageA.id),
      await api.token(Role.COORDINATOR, county.township.id),
    ]) {
      const response = await api.gql(PERSON_QUERY, { id: id() }, token);
      expect(response.errors).toBeUndefined();
      expect(response.data.person).toMatchObject({
        healthNotes: '糖尿病',
        phone: '13800138000',
        selfCareLevel: 'PARTIAL',
      });
    }
  });

  it('are withheld from every other role: null, no error, and one note in the response', async () => {
    for (const role of [Role.HELPER, Role.FAMILY_PROXY, Role.SUPERVISOR, Role.COUNTY_OFFICIAL]) {
      const region = role === Role.COUNTY_OFFICIAL ? county.county.id : county.villageA.id;
      const response = await api.gql(PERSON_QUERY, { id: id() }, await api.token(role, region));
      expect(response.data.person.name).toBe('李秀英');
      expect(response.data.person).toMatchObject({ healthNotes: null, phone: null, selfCareLevel: null });
      expect(response.errors, role).toBeUndefined();
      expect(response.extensions?.redacted, role).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'Person.healthNotes', count: 1 }),
          expect.objectContaining({ field: 'Person.phone', count: 1 }),
          expect.objectContaining({ field: 'Person.selfCareLevel', count: 1 }),
        ]),
      );
    }
  });

  it('make a list quiet: a page of people carries one note per field with its count, not an error per value', async () => {
    const official = await api.token(Role.COUNTY_OFFICIAL, county.county.id);
    const response = await api.gql('{ people(first: 100) { totalCount edges { node { name phone } } } }', {}, official);
    expect(response.errors).toBeUndefined();
    const rows = response.data.people.edges.length;
    expect(rows).toBeGreaterThan(1);
    expect(response.extensions?.redacted).toEqual([
      { field: 'Person.phone', count: rows, reason: expect.stringContaining('sensitive') },
    ]);
    // A reader with the right gets no note at all.
    const full = await api.gql('{ people(first: 100) { edges { node { phone } } } }', {}, await api.token(Role.ADMIN));
    expect(full.extensions?.redacted).toBeUndefined();
  });

  it('are marked @sensitive in the schema, every one guarded', async () => {
    const admin = await api.token(Role.ADMIN);
    const helper = await api.token(Role.HELPER, county.villageA.id);
    const fields = [
      'phone',
      'idNumber',
      'selfCareLevel',
      'livesAlone',
      'bottomLineHousehold',
      'disability',
      'healthNotes',
    ];
    const query = `query ($id: ID!) { person(id: $id) { ${fields.join(' ')} household { address } } }`;
    const asAdmin = await api.gql(query, { id: id() }, admin);
    expect(asAdmin.errors).toBeUndefined();
    const asHelper = await api.gql(query, { id: id() }, helper);
    expect(asHelper.errors).toBeUndefined();
    expect(redactedFields(asHelper)).toEqual([...fields.map((field) => `Person.${field}`), 'Household.address'].sort());
  });
});

describe('what the viewer may do', () => {
  it('lists each action with its scope, so that a front end shows a form only where the write is allowed', async () => {
    const CAN = '{ viewer { role canWrite capabilities { action scope } } }';
    const capabilities = async (role: Role) => {
      const region = role === Role.ADMIN ? undefined : county.villageA.id;
      const response = await api.gql(
        CAN,
        {},
        await api.token(role, region, role === Role.FAMILY_PROXY ? elderA.id : undefined),
      );
      expect(response.errors, role).toBeUndefined();
      return {
        canWrite: response.data.viewer.canWrite,
        ...Object.fromEntries(response.data.viewer.capabilities.map((c: any) => [c.action, c.scope])),
      };
    };
    // A family proxy cannot write records in general, yet may enter needs for the elders tied to them.
    expect(await capabilities(Role.FAMILY_PROXY)).toMatchObject({
      canWrite: false,
      ENTER_NEEDS: 'TIED_ELDERS',
      START_RUNS: 'NONE',
      READ_SENSITIVE: 'NONE',
    });
    expect(await capabilities(Role.HELPER)).toMatchObject({
      ENTER_NEEDS: 'REGION',
      SET_CAPACITY: 'OWN',
      REGISTER_PEOPLE: 'NONE',
    });
    expect(await capabilities(Role.COORDINATOR)).toMatchObject({
      canWrite: true,
      START_RUNS: 'REGION',
      DECIDE_PROPOSALS: 'REGION',
      READ_SENSITIVE: 'REGION',
      CHANGE_COUNTY_POLICY: 'NONE',
    });
    expect(await capabilities(Role.COUNTY_OFFICIAL)).toMatchObject({
      CHANGE_COUNTY_POLICY: 'REGION',
      READ_SENSITIVE: 'NONE',
    });
    // A supervisor writes nothing but a complaint, as anyone in the region may.
    const supervisor = await capabilities(Role.SUPERVISOR);
    expect(Object.entries(supervisor).filter(([key, value]) => key !== 'canWrite' && value !== 'NONE')).toEqual([
      ['FILE_COMPLAINTS', 'REGION'],
    ]);
  });
});

describe('requests that are wrong', () => {
  it('caps first', async () => {
    const response = await api.gql('{ people(first: 101) { totalCount } }', {}, await api.token(Role.ADMIN));
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toMatch(/first must be between 1 and 100/);
  });

  it('answers malformed JSON with a 400 and a code, not a stack', async () => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ viewer',
    });
    expect(response.status).toBe(400);
    const body: any = await response.json();
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('names unknown fields and operations with GraphQL codes', async () => {
    const token = await api.token(Role.ADMIN);
    const unknownField = await api.gql('{ elders { name } }', {}, token);
    expect(unknownField.status).toBe(400);
    expect(unknownField.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query A { viewer { role } }', operationName: 'B' }),
    });
    const body: any = await response.json();
    expect(body.errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
  });

  it('treats an id of the wrong type as not found', async () => {
    const token = await api.token(Role.ADMIN);
    const response = await api.gql(
      'query ($id: ID!) { region(id: $id) { name } }',
      { id: toGlobalId('Person', elderA.id) },
      token,
    );
    expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const garbage = await api.gql('query ($id: ID!) { node(id: $id) { id } }', { id: 'not-an-id' }, token);
    expect(garbage.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('paging', () => {
  it('walks the regions with cursors', async () => {
    const token = await api.token(Role.ADMIN);
    const query =
      'query ($after: String) { regions(kind: VILLAGE, first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { code } } } }';
    const first = await api.gql(query, {}, token);
    expect(first.data.regions.totalCount).toBe(2);
    expect(first.data.regions.pageInfo.hasNextPage).toBe(true);
    const second = await api.gql(query, { after: first.data.regions.pageInfo.endCursor }, token);
    expect(second.data.regions.edges.map((e: any) => e.node.code)).toEqual(['990001100201']);
    expect(second.data.regions.pageInfo.hasNextPage).toBe(false);
  });

  it('lets a village coordinator see the branch above, not the sibling village', async () => {
    const token = await api.token(Role.COORDINATOR, county.villageA.id);
    const response = await api.gql(
      'query ($p: ID) { regions(parentId: $p) { edges { node { name } } } }',
      { p: toGlobalId('Region', county.township.id) },
      token,
    );
    expect(response.data.regions.edges.map((e: any) => e.node.name)).toEqual(['李家村']);
  });
});
