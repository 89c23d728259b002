import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { idNumberCheckCharacter } from '../../src/modules/person/id-number.ts';
import type { Person } from '../../src/modules/person/person.entity.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty, type SmallCounty } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { snapshot } from '../support/snapshot.ts';

let db: TestDatabase;
let api: TestServer;
let county: SmallCounty;
let elder: Person;
let neighbour: Person;
let coordinator: string;
let before: Record<string, string>;

const gid = (type: string, id: string) => toGlobalId(type, id);

const CREATE_REGION = `mutation ($input: CreateRegionInput!) { createRegion(input: $input) { region { id kind code name parent { code } } errors { field code message } } }`;
const REGISTER = `mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { person { id name birthYear isElder household { code members { name } } } errors { field code message } } }`;
const ADD_TIE = `mutation ($input: AddRelationshipInput!) { addRelationship(input: $input) { relationship { id kind kinDegree kinTerm person { name } other { name } } errors { field code message } } }`;
const CREATE_ORG = `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { id name kind serviceAreas { code } } errors { field code message } } }`;

function idNumber(birth: string, sequence = '123'): string {
  const first17 = `990001${birth}${sequence}`;
  return first17 + idNumberCheckCharacter(first17);
}

async function expectRefused(
  query: string,
  input: Record<string, unknown>,
  expected: { field: string; code: string }[],
  token = coordinator,
) {
  const response = await api.gql(query, { input }, token);
  expect(response.errors).toBeUndefined();
  const payload = Object.values(response.data)[0] as { errors: { field: string; code: string }[] };
  expect(payload.errors.map(({ field, code }) => ({ field, code }))).toEqual(expect.arrayContaining(expected));
  expect(payload.errors.length).toBe(expected.length);
  expect(await snapshot(db.dataSource)).toEqual(before);
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db);
  county = await insertSmallCounty(db.dataSource);
  elder = await insertPerson(db.dataSource, county.groupA, {
    name: '赵德明',
    gender: 'MALE' as never,
    birthYear: 1940,
  });
  neighbour = await insertPerson(db.dataSource, county.groupA, { name: '孙玉梅', birthYear: 1950 });
  coordinator = await api.token(Role.COORDINATOR, county.villageA.id);
});

beforeEach(async () => {
  before = await snapshot(db.dataSource);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

describe('createRegion', () => {
  it('refuses the wrong kind, a code that does not extend the parent, and an unknown parent', async () => {
    const township = await api.token(Role.COORDINATOR, county.township.id);
    await expectRefused(
      CREATE_REGION,
      { parentId: gid('Region', county.township.id), kind: 'GROUP', code: '990001100202', name: '新村' },
      [{ field: 'kind', code: 'WRONG_KIND' }],
      township,
    );
    await expectRefused(
      CREATE_REGION,
      { parentId: gid('Region', county.township.id), code: '990002100202', name: '新村' },
      [{ field: 'code', code: 'INVALID' }],
      township,
    );
    await expectRefused(
      CREATE_REGION,
      { parentId: gid('Region', county.township.id), code: '990001100200', name: '重复' },
      [{ field: 'code', code: 'DUPLICATE' }],
      township,
    );
    await expectRefused(
      CREATE_REGION,
      { parentId: gid('Region', crypto.randomUUID()), code: '990001100203', name: '无' },
      [{ field: 'parentId', code: 'NOT_FOUND' }],
      township,
    );
    await expectRefused(
      CREATE_REGION,
      { parentId: gid('Region', county.township.id), code: '99x', name: '' },
      [
        { field: 'code', code: 'INVALID' },
        { field: 'name', code: 'REQUIRED' },
      ],
      township,
    );
  });

  it('creates a group under a village and records who, for whom and how', async () => {
    const response = await api.gql(
      CREATE_REGION,
      {
        input: {
          parentId: gid('Region', county.villageA.id),
          code: '990001100200002',
          name: '北湾',
          channel: 'PAPER_FORM',
          onBehalfOfId: gid('Person', elder.id),
        },
      },
      coordinator,
    );
    expect(response.data.createRegion).toMatchObject({
      errors: [],
      region: { kind: 'GROUP', code: '990001100200002', parent: { code: '990001100200' } },
    });
    const audit = await db.dataSource.query(
      `SELECT actor, actor_role, channel, on_behalf_of_id, action FROM audit_entry WHERE action = 'createRegion'`,
    );
    expect(audit).toEqual([
      {
        actor: 'test:coordinator',
        actor_role: 'COORDINATOR',
        channel: 'PAPER_FORM',
        on_behalf_of_id: elder.id,
        action: 'createRegion',
      },
    ]);
  });

  it('forbids a village coordinator to add a township', async () => {
    const response = await api.gql(
      CREATE_REGION,
      { input: { parentId: gid('Region', county.county.id), code: '990001101', name: '新镇' } },
      coordinator,
    );
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await snapshot(db.dataSource)).toEqual(before);
  });
});

describe('registerPerson', () => {
  const base = () => ({ regionId: gid('Region', county.groupA.id), name: '钱淑芬', gender: 'FEMALE', birthYear: 1946 });

  it('names every missing or out-of-range field and writes nothing', async () => {
    await expectRefused(REGISTER, { regionId: gid('Region', county.groupA.id) }, [
      { field: 'name', code: 'REQUIRED' },
      { field: 'gender', code: 'REQUIRED' },
      { field: 'birthYear', code: 'REQUIRED' },
    ]);
    await expectRefused(REGISTER, { ...base(), birthYear: 1850 }, [{ field: 'birthYear', code: 'OUT_OF_RANGE' }]);
    await expectRefused(REGISTER, { ...base(), birthYear: 2999 }, [{ field: 'birthYear', code: 'OUT_OF_RANGE' }]);
    await expectRefused(REGISTER, { ...base(), phone: '12345' }, [{ field: 'phone', code: 'INVALID' }]);
    await expectRefused(REGISTER, { ...base(), healthNotes: 'x'.repeat(2001) }, [
      { field: 'healthNotes', code: 'OUT_OF_RANGE' },
    ]);
  });

  it('refuses a township as home, an unknown region and a bad identity number', async () => {
    const township = await api.token(Role.COORDINATOR, county.township.id);
    await expectRefused(
      REGISTER,
      { ...base(), regionId: gid('Region', county.township.id) },
      [{ field: 'regionId', code: 'WRONG_KIND' }],
      township,
    );
    await expectRefused(REGISTER, { ...base(), regionId: gid('Region', crypto.randomUUID()) }, [
      { field: 'regionId', code: 'NOT_FOUND' },
    ]);
    const wrongCheck = idNumber('19460312').slice(0, 17) + (idNumber('19460312').endsWith('0') ? '1' : '0');
    await expectRefused(REGISTER, { ...base(), idNumber: wrongCheck }, [{ field: 'idNumber', code: 'INVALID' }]);
    await expectRefused(REGISTER, { ...base(), idNumber: idNumber('19500312') }, [
      { field: 'idNumber', code: 'CONFLICT' },
    ]);
    await expectRefused(REGISTER, { ...base(), onBehalfOfId: gid('Person', crypto.randomUUID()) }, [
      { field: 'onBehalfOfId', code: 'NOT_FOUND' },
    ]);
  });

  it('registers once however often a flaky connection retries the same form', async () => {
    const input = {
      ...base(),
      idNumber: idNumber('19460312'),
      householdCode: 'H900',
      householdAddress: '东庄9号',
      idempotencyKey: 'form-2026-11-24-0007',
      channel: 'HOME_VISIT',
    };
    const first = await api.gql(REGISTER, { input }, coordinator);
    const again = await api.gql(REGISTER, { input }, coordinator);
    expect(first.data.registerPerson.errors).toEqual([]);
    expect(again.data.registerPerson.person.id).toBe(first.data.registerPerson.person.id);
    expect(first.data.registerPerson.person).toMatchObject({
      name: '钱淑芬',
      isElder: true,
      household: { code: 'H900', members: [{ name: '钱淑芬' }] },
    });
    const rows = await db.dataSource.query(`SELECT count(*)::int AS n FROM person WHERE name = '钱淑芬'`);
    expect(rows[0].n).toBe(1);
    before = await snapshot(db.dataSource);
    await expectRefused(REGISTER, { ...base(), name: '另一人', idNumber: idNumber('19460312') }, [
      { field: 'idNumber', code: 'DUPLICATE' },
    ]);
    await expectRefused(REGISTER, { ...input, name: '钱淑华' }, [{ field: 'idempotencyKey', code: 'CONFLICT' }]);
  });

  it('updates only the fields given and refuses to clear required ones', async () => {
    await expectRefused(
      'mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { errors { field code } } }',
      { id: gid('Person', neighbour.id), gender: null, birthYear: 1800 },
      [
        { field: 'gender', code: 'REQUIRED' },
        { field: 'birthYear', code: 'OUT_OF_RANGE' },
      ],
    );
    const response = await api.gql(
      'mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { person { name selfCareLevel healthNotes birthYear } errors { field } } }',
      {
        input: { id: gid('Person', neighbour.id), selfCareLevel: 'DEPENDENT', healthNotes: null },
      },
      coordinator,
    );
    expect(response.data.updatePerson).toEqual({
      errors: [],
      person: { name: '孙玉梅', selfCareLevel: 'DEPENDENT', healthNotes: null, birthYear: 1950 },
    });
  });
});

describe('relationships', () => {
  const tie = (extra: Record<string, unknown>) => ({
    personId: gid('Person', elder.id),
    otherPersonId: gid('Person', neighbour.id),
    ...extra,
  });

  it('refuses self-ties, bad degrees and unknown people', async () => {
    await expectRefused(ADD_TIE, tie({ otherPersonId: gid('Person', elder.id), kind: 'FRIEND' }), [
      { field: 'otherPersonId', code: 'CONFLICT' },
    ]);
    await expectRefused(ADD_TIE, tie({ kind: 'KIN' }), [{ field: 'kinDegree', code: 'REQUIRED' }]);
    await expectRefused(ADD_TIE, tie({ kind: 'KIN', kinDegree: 5 }), [{ field: 'kinDegree', code: 'OUT_OF_RANGE' }]);
    await expectRefused(ADD_TIE, tie({ kind: 'NEIGHBOUR', kinDegree: 2, kinTerm: '兄妹' }), [
      { field: 'kinDegree', code: 'CONFLICT' },
      { field: 'kinTerm', code: 'CONFLICT' },
    ]);
    await expectRefused(ADD_TIE, tie({ kind: 'FRIEND', otherPersonId: gid('Person', crypto.randomUUID()) }), [
      { field: 'otherPersonId', code: 'NOT_FOUND' },
    ]);
    await expectRefused(ADD_TIE, tie({ kind: 'FRIEND', otherPersonId: gid('Region', county.groupA.id) }), [
      { field: 'otherPersonId', code: 'NOT_FOUND' },
    ]);
    // 包帮 needs a party member or cadre on one side: neither of these two is one.
    await expectRefused(ADD_TIE, tie({ kind: 'CADRE_PAIRING' }), [{ field: 'kind', code: 'CONFLICT' }]);
  });

  it('pairs a party member with an elder (包帮助养)', async () => {
    const cadre = await insertPerson(db.dataSource, county.groupA, {
      name: '党员钱',
      birthYear: 1978,
      partyMember: true,
      selfCareLevel: null,
    });
    const paired = await api.gql(
      ADD_TIE,
      { input: { personId: gid('Person', elder.id), otherPersonId: gid('Person', cadre.id), kind: 'CADRE_PAIRING' } },
      coordinator,
    );
    expect(paired.data.addRelationship).toMatchObject({ errors: [], relationship: { kind: 'CADRE_PAIRING' } });
    await db.dataSource.query(`DELETE FROM relationship WHERE kind = 'CADRE_PAIRING'`);
  });

  it('gives each side of a tie its own id, and says the kin term from that side', async () => {
    const mother = await insertPerson(db.dataSource, county.groupA, { name: '周桂芳', birthYear: 1944 });
    const son = await insertPerson(db.dataSource, county.groupA, {
      name: '周建军',
      birthYear: 1968,
      gender: 'MALE' as never,
      selfCareLevel: null,
    });
    const added = await api.gql(
      ADD_TIE,
      {
        input: {
          personId: gid('Person', mother.id),
          otherPersonId: gid('Person', son.id),
          kind: 'KIN',
          kinDegree: 1,
          kinTerm: '母子',
        },
      },
      coordinator,
    );
    expect(added.data.addRelationship.errors).toEqual([]);
    const TIES = `query ($id: ID!) { person(id: $id) { relationships { id kinTerm kinTermEn pairTerm person { name } other { name } } } }`;
    const fromMother = (await api.gql(TIES, { id: gid('Person', mother.id) }, coordinator)).data.person.relationships;
    const fromSon = (await api.gql(TIES, { id: gid('Person', son.id) }, coordinator)).data.person.relationships;
    expect(fromMother).toEqual([
      {
        id: expect.any(String),
        kinTerm: '儿子',
        kinTermEn: 'son',
        pairTerm: '母子',
        person: { name: '周桂芳' },
        other: { name: '周建军' },
      },
    ]);
    expect(fromSon).toEqual([
      {
        id: expect.any(String),
        kinTerm: '母亲',
        kinTermEn: 'mother',
        pairTerm: '母子',
        person: { name: '周建军' },
        other: { name: '周桂芳' },
      },
    ]);
    // Two objects to a normalised cache: one tie, two ids, each resolving to its own side.
    expect(fromMother[0].id).not.toBe(fromSon[0].id);
    const node = await api.gql(
      'query ($id: ID!) { node(id: $id) { id ... on Relationship { kinTerm person { name } } } }',
      { id: fromSon[0].id },
      coordinator,
    );
    expect(node.data.node).toEqual({ id: fromSon[0].id, kinTerm: '母亲', person: { name: '周建军' } });
    // Either side's id removes the one tie.
    const removed = await api.gql(
      'mutation ($input: RemoveRelationshipInput!) { removeRelationship(input: $input) { removedRelationshipId errors { field } } }',
      { input: { id: fromSon[0].id } },
      coordinator,
    );
    expect(removed.data.removeRelationship.errors).toEqual([]);
    expect(
      (
        await db.dataSource.query('SELECT count(*)::int AS n FROM relationship WHERE person_a_id = ANY($1)', [
          [mother.id, son.id],
        ])
      )[0].n,
    ).toBe(0);
  });

  it('stores a tie once, sees it from both ends, refuses it twice, and removes it', async () => {
    const added = await api.gql(ADD_TIE, { input: tie({ kind: 'NEIGHBOUR' }) }, coordinator);
    expect(added.data.addRelationship).toMatchObject({
      errors: [],
      relationship: { kind: 'NEIGHBOUR', person: { name: '赵德明' }, other: { name: '孙玉梅' } },
    });
    before = await snapshot(db.dataSource);
    await expectRefused(
      ADD_TIE,
      { personId: gid('Person', neighbour.id), otherPersonId: gid('Person', elder.id), kind: 'NEIGHBOUR' },
      [{ field: 'otherPersonId', code: 'DUPLICATE' }],
    );

    const seen = await api.gql(
      'query ($id: ID!) { person(id: $id) { relationships { kind other { name } } } }',
      { id: gid('Person', neighbour.id) },
      coordinator,
    );
    expect(seen.data.person.relationships).toEqual([{ kind: 'NEIGHBOUR', other: { name: '赵德明' } }]);

    const removed = await api.gql(
      'mutation ($input: RemoveRelationshipInput!) { removeRelationship(input: $input) { removedRelationshipId errors { field } } }',
      { input: { id: added.data.addRelationship.relationship.id } },
      coordinator,
    );
    expect(removed.data.removeRelationship).toEqual({
      removedRelationshipId: added.data.addRelationship.relationship.id,
      errors: [],
    });
    const rows = await db.dataSource.query('SELECT count(*)::int AS n FROM relationship');
    expect(rows[0].n).toBe(0);
  });

  it('allows one spouse at a time', async () => {
    const third = await insertPerson(db.dataSource, county.groupA, { name: '周桂香', birthYear: 1942 });
    const married = await api.gql(ADD_TIE, { input: tie({ kind: 'SPOUSE' }) }, coordinator);
    expect(married.data.addRelationship.errors).toEqual([]);
    before = await snapshot(db.dataSource);
    await expectRefused(
      ADD_TIE,
      { personId: gid('Person', elder.id), otherPersonId: gid('Person', third.id), kind: 'SPOUSE' },
      [{ field: 'kind', code: 'CONFLICT' }],
    );
  });
});

describe('organisations', () => {
  it('creates a charity home serving three villages, refuses a duplicate name and unknown areas', async () => {
    const township = await api.token(Role.COORDINATOR, county.township.id);
    const input = {
      regionId: gid('Region', county.villageA.id),
      kind: 'CHARITY_HOME',
      name: '李家村慈善幸福院',
      serviceAreaIds: [gid('Region', county.villageA.id), gid('Region', county.villageB.id)],
    };
    const created = await api.gql(CREATE_ORG, { input }, township);
    expect(created.data.createOrganisation).toMatchObject({
      errors: [],
      organisation: { kind: 'CHARITY_HOME', serviceAreas: [{ code: '990001100200' }, { code: '990001100201' }] },
    });
    before = await snapshot(db.dataSource);
    await expectRefused(CREATE_ORG, input, [{ field: 'name', code: 'DUPLICATE' }], township);
    await expectRefused(
      CREATE_ORG,
      {
        ...input,
        name: '另一个',
        serviceAreaIds: [
          gid('Region', county.villageA.id),
          gid('Region', crypto.randomUUID()),
          gid('Region', county.villageA.id),
        ],
      },
      [
        { field: 'serviceAreaIds.1', code: 'NOT_FOUND' },
        { field: 'serviceAreaIds.2', code: 'DUPLICATE' },
      ],
      township,
    );

    const organisationId = created.data.createOrganisation.organisation.id;
    const ADD_MEMBER =
      'mutation ($input: AddOrganisationMemberInput!) { addOrganisationMember(input: $input) { organisation { members { role person { name } } } errors { field code } } }';
    const member = await api.gql(
      ADD_MEMBER,
      { input: { organisationId, personId: gid('Person', neighbour.id), role: '厨师' } },
      coordinator,
    );
    expect(member.data.addOrganisationMember).toEqual({
      errors: [],
      organisation: { members: [{ role: '厨师', person: { name: '孙玉梅' } }] },
    });
    before = await snapshot(db.dataSource);
    await expectRefused(ADD_MEMBER, { organisationId, personId: gid('Person', neighbour.id) }, [
      { field: 'personId', code: 'DUPLICATE' },
    ]);

    const listed = await api.gql(
      'query ($r: ID) { organisations(regionId: $r) { totalCount edges { node { name } } } }',
      { r: gid('Region', county.groupA.id) },
      coordinator,
    );
    expect(listed.data.organisations.edges).toEqual([{ node: { name: '李家村慈善幸福院' } }]);
  });

  it('keeps helpers and supervisors from writing', async () => {
    const helper = await api.token(Role.HELPER, county.villageA.id);
    const response = await api.gql(
      CREATE_ORG,
      { input: { regionId: gid('Region', county.villageA.id), kind: 'CLINIC', name: '卫生室' } },
      helper,
    );
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await snapshot(db.dataSource)).toEqual(before);
  });
});

describe('a mutation is one transaction', () => {
  it('leaves nothing behind when it fails after its first write (the audit insert raises)', async () => {
    // A trigger in this test's own database makes the mutation's last statements fail: by then
    // registerPerson has written the household and the person.
    await db.dataSource.query(`CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'test: audit refused'; END $$`);
    await db.dataSource.query(
      'CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()',
    );
    const input = {
      regionId: gid('Region', county.groupA.id),
      name: '吴秀珍',
      gender: 'FEMALE',
      birthYear: 1944,
      householdCode: 'H-TX-1',
      householdAddress: '东庄12号',
    };
    try {
      before = await snapshot(db.dataSource);
      const failed = await api.gql(REGISTER, { input }, coordinator);
      expect(failed.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(failed.data?.registerPerson ?? null).toBeNull();
      expect(await db.dataSource.query(`SELECT name FROM person WHERE name = '吴秀珍'`)).toEqual([]);
      expect(await db.dataSource.query(`SELECT code FROM household WHERE code = 'H-TX-1'`)).toEqual([]);
      expect(await snapshot(db.dataSource)).toEqual(before);
    } finally {
      await db.dataSource.query('DROP TRIGGER test_refuse_audit ON audit_entry; DROP FUNCTION test_refuse_audit()');
    }
    // Without the trigger the same form goes through: the failure above was the trigger's.
    const registered = await api.gql(REGISTER, { input }, coordinator);
    expect(registered.data.registerPerson.errors).toEqual([]);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM person WHERE name = '吴秀珍'`)).toEqual([
      { n: 1 },
    ]);
  });
});
