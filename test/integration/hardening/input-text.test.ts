import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/role.ts';
import { toGlobalId } from '../../../src/common/global-id.ts';
import { issueCharityKey } from '../../../src/cli/charity-key-command.ts';
import { Organisation } from '../../../src/modules/organisation/organisation.entity.ts';
import { OrganisationKind } from '../../../src/modules/organisation/organisation.enums.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { insertSmallCounty, type SmallCounty } from '../../support/fixtures.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { snapshot } from '../../support/snapshot.ts';

/** Strings that would break storage or display get a clear error naming where they were. */
let db: TestDatabase;
let api: TestServer;
let county: SmallCounty;
let coordinator: string;

const REGISTER = `mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { person { id name } errors { field code message } } }`;
const person = (name: string) => ({
  regionId: toGlobalId('Region', county.groupA.id),
  name,
  gender: 'FEMALE',
  birthYear: 1946,
});

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db);
  county = await insertSmallCounty(db.dataSource);
  coordinator = await api.token(Role.COORDINATOR, county.villageA.id);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

describe('control characters in any input', () => {
  it('a NUL byte or a terminal escape is BAD_USER_INPUT naming the field, not an internal error, and nothing is written', async () => {
    const before = await snapshot(db.dataSource);
    for (const [name, codePoint] of [
      ['钱淑\u0000芬', 'U+0000'],
      ['\u001b[31m钱淑芬', 'U+001B'],
      ['钱\u009b淑芬', 'U+009B'],
    ]) {
      const response = await api.gql(REGISTER, { input: person(name) }, coordinator);
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      expect(response.errors).toEqual([
        {
          message: `$.input.name contains a control character (${codePoint}); remove it and send again`,
          extensions: { code: 'BAD_USER_INPUT', argument: '$.input.name', messageZh: '请求参数有误' },
        },
      ]);
    }
    expect(await snapshot(db.dataSource)).toEqual(before);
  });

  it('also in a string written into the query, and in a bidirectional override', async () => {
    const inQuery = await api.gql(
      `mutation { registerPerson(input: { regionId: "${toGlobalId('Region', county.groupA.id)}", name: "x\\u0000y", gender: FEMALE, birthYear: 1946 }) { errors { field } } }`,
      {},
      coordinator,
    );
    expect(inQuery.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', argument: 'a string in the query' },
    });
    const bidi = await api.gql(REGISTER, { input: person('钱淑芬\u202Eevil') }, coordinator);
    expect(bidi.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: '$.input.name' } });
    expect(bidi.errors?.[0].message).toContain('U+202E');
  });
});

describe('names', () => {
  it('refuse invisible characters and line breaks with a field error, and write nothing', async () => {
    const before = await snapshot(db.dataSource);
    for (const [name, codePoint] of [
      ['钱\u200B淑芬', 'U+200B'],
      ['钱淑芬\n', 'U+000A'],
      ['\uFEFF钱淑芬', 'U+FEFF'],
    ]) {
      const response = await api.gql(REGISTER, { input: person(name) }, coordinator);
      expect(response.data.registerPerson).toEqual({
        person: null,
        errors: [
          {
            field: 'name',
            code: 'INVALID',
            message: `name contains an invisible character or line break (${codePoint})`,
          },
        ],
      });
    }
    expect(await snapshot(db.dataSource)).toEqual(before);
  });

  it('are stored in NFC, so the same name is always the same text', async () => {
    const decomposed = 'Zoe\u0308 钱';
    const response = await api.gql(REGISTER, { input: person(`  ${decomposed} `) }, coordinator);
    expect(response.data.registerPerson.errors).toEqual([]);
    expect(response.data.registerPerson.person.name).toBe('Zo\u00eb 钱');
    const [row] = await db.dataSource.query(`SELECT name FROM person WHERE name LIKE 'Zo%'`);
    expect(row.name).toBe('Zo\u00eb 钱');
  });
});

describe("a charity's key asking for what it may not", () => {
  it('is refused with 403 FORBIDDEN, not a 500', async () => {
    await db.dataSource.manager.insert(Organisation, {
      id: crypto.randomUUID(),
      countyId: county.county.id,
      regionId: county.county.id,
      kind: OrganisationKind.CHARITY_HOME,
      name: '善心会',
    });
    const { secret } = await issueCharityKey(db.dataSource, {
      organisation: '善心会',
      regions: undefined,
      services: undefined,
    });
    const response = await api.gql(`query { people(first: 1) { totalCount } }`, {}, secret);
    expect(response.status).toBe(403);
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
