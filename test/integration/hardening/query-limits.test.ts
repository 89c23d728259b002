import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { Role } from '../../../src/auth/role.ts';
import { queryCounterOf } from '../../../src/db/data-source.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { insertPerson, insertSmallCounty } from '../../support/fixtures.ts';
import { startTestServer, TEST_SECRET, type TestServer } from '../../support/server.ts';

let db: TestDatabase;
let api: TestServer;
let admin: string;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db);
  const county = await insertSmallCounty(db.dataSource);
  for (let i = 0; i < 5; i += 1) await insertPerson(db.dataSource, county.groupA, { name: `老人${i}` });
  admin = await api.token(Role.ADMIN);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

/** `people(first: 100)` with `household { members { … } }` nested `levels` times. */
function nestedHouseholds(levels: number): string {
  let inner = 'name';
  for (let i = 0; i < levels; i += 1) inner = `name household { members { ${inner} } }`;
  return `query Nested { people(first: 100) { edges { node { ${inner} } } } }`;
}

async function refusedWithoutSql(query: string) {
  const counter = queryCounterOf(db.dataSource);
  counter.reset(true);
  const response = await api.gql(query, {}, admin);
  const statements = counter.count;
  return { response, statements };
}

describe('query limits refuse abusive queries before they run', () => {
  it('refuses households nested six and twelve times by depth or cost, with no SQL statement', async () => {
    for (const levels of [6, 12]) {
      const { response, statements } = await refusedWithoutSql(nestedHouseholds(levels));
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 12 });
      expect(statements).toBe(0);
    }
  });

  it('says the computed cost when the cost is what is over the limit', async () => {
    // Depth 10: under the depth limit (12), far over the cost limit.
    const { response, statements } = await refusedWithoutSql(nestedHouseholds(4));
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 100_000 });
    expect(response.errors?.[0].extensions?.cost).toBeGreaterThan(100_000);
    expect(response.errors?.[0].message).toMatch(/^This query costs [\d,]+, over the limit of 100,000/);
    expect(statements).toBe(0);
  });

  it('refuses a hundred aliases by the alias limit and a thousand already at parsing, with no SQL statement', async () => {
    const aliases = (n: number) =>
      Array.from({ length: n }, (_, i) => `p${i}: people(first: 100) { totalCount }`).join(' ');
    const hundred = await refusedWithoutSql(`query Aliases { ${aliases(100)} }`);
    expect(hundred.response.errors?.[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'aliases',
      max: 30,
    });
    expect(hundred.response.errors?.[0].message).toMatch(/Aliases limit of 30 exceeded, found 100/);
    expect(hundred.statements).toBe(0);
    const thousand = await refusedWithoutSql(`query Aliases { ${aliases(1000)} }`);
    expect(thousand.response.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(thousand.statements).toBe(0);
  });

  it('counts aliases in the cost: ten aliased pages of 100 with households cost ten times one', async () => {
    const one = 'people(first: 100) { edges { node { name household { members { name relationships { kind } } } } } }';
    const fields = Array.from({ length: 10 }, (_, i) => `p${i}: ${one}`).join(' ');
    const { response, statements } = await refusedWithoutSql(`query ThirtyPages { ${fields} }`);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    expect(statements).toBe(0);
    // …while one of them alone runs.
    const single = await api.gql(`query OnePage { ${one} }`, {}, admin);
    expect(single.errors).toBeUndefined();
    expect(single.data.people.edges).toHaveLength(5);
  });

  it('refuses a document with too many tokens at parsing', async () => {
    const names = Array.from({ length: 6000 }, () => '__typename').join(' ');
    const { response, statements } = await refusedWithoutSql(`query Tokens { ${names} }`);
    expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(response.errors?.[0].message).toMatch(/tokens/);
    expect(statements).toBe(0);
  });

  it('lets an ordinary coordinator list through', async () => {
    const response = await api.gql(
      `query List { people(first: 100) { totalCount edges { node { name household { members { name } } relationships { kind other { name } } } } } }`,
      {},
      admin,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.people.totalCount).toBe(5);
  });
});

describe('variables that do not fit their types', () => {
  it("are the caller's mistake: 400 BAD_USER_INPUT naming the value, not an internal error", async () => {
    const response = await api.gql(
      'mutation ($input: CreateNeedInput!) { createNeed(input: $input) { errors { field } } }',
      {
        input: {
          elderId: 'x',
          serviceType: 'HOME_VISIT',
          minutesPerOccurrence: 30,
          startDate: '2026-12-07',
          recurrence: { kind: 'DAILY', windowStart: '11:00', windowEnd: '12:00' },
        },
      },
      admin,
    );
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('"HOME_VISIT" does not exist in "ServiceType" enum');
  });
});

describe('backstops during execution', () => {
  const PAGES = `query Pages { ${Array.from({ length: 10 }, (_, i) => `p${i}: people(first: 5) { edges { node { name age household { code } } } }`).join(' ')} }`;

  it('stops a response that would hold more values than allowed, with one error', async () => {
    const small = await startTestServer(db, { HUZHU_MAX_RESOLVED_FIELDS: '100' });
    try {
      const response = await small.gql(PAGES, {}, await small.token(Role.ADMIN));
      expect(response.data).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', max: 100 });
    } finally {
      await small.close();
    }
    // The same query under the default cap is answered in full.
    const full = await api.gql(PAGES, {}, admin);
    expect(full.errors).toBeUndefined();
    expect(full.data.p9.edges).toHaveLength(5);
  });

  it('stops a query that runs past the deadline, with one error', async () => {
    const hurried = await startTestServer(db, { HUZHU_MAX_EXECUTION_MS: '1' });
    try {
      const response = await hurried.gql(PAGES, {}, await hurried.token(Role.ADMIN));
      expect(response.data).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TIMEOUT', maxMs: 1 });
    } finally {
      await hurried.close();
    }
  });
});

describe('the same limits over WebSocket', () => {
  it('refuses the nested query and the cost over graphql-ws, with no SQL statement', async () => {
    const { createClient } = await import('graphql-ws');
    const { default: WebSocket } = await import('ws');
    const client = createClient({
      url: api.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${admin}` },
      retryAttempts: 0,
    });
    const run = (query: string) =>
      new Promise<unknown>((resolve) => {
        client.subscribe(
          { query },
          { next: (value) => resolve(value), error: (error) => resolve(error), complete: () => {} },
        );
      });
    try {
      const counter = queryCounterOf(db.dataSource);
      counter.reset(true);
      const deep = (await run(nestedHouseholds(12))) as { extensions?: { code?: string; limit?: string } }[];
      const costly = (await run(nestedHouseholds(4))) as { extensions?: { code?: string; limit?: string } }[];
      expect(counter.count).toBe(0);
      expect(deep[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
      expect(costly[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
      const fine = (await run('query Ok { people(first: 2) { totalCount } }')) as {
        data: { people: { totalCount: number } };
      };
      expect(fine.data.people.totalCount).toBe(5);
    } finally {
      await client.dispose();
    }
  });
});

describe('the specified directives work', () => {
  it('honours @include and @skip', async () => {
    const query = `query ($with: Boolean!) { people(first: 1) { totalCount @include(if: $with) edges @skip(if: $with) { node { name } } } }`;
    const withCount = await api.gql(query, { with: true }, admin);
    expect(withCount.errors).toBeUndefined();
    expect(withCount.data.people).toEqual({ totalCount: 5 });
    const withoutCount = await api.gql(query, { with: false }, admin);
    expect(withoutCount.data.people.totalCount).toBeUndefined();
    expect(withoutCount.data.people.edges).toHaveLength(1);
  });
});

describe('introspection', () => {
  const INTROSPECT = `query Intro { __schema { queryType { name } } }`;

  it('is refused to anonymous callers and allowed to signed-in ones (default policy)', async () => {
    const anonymous = await api.gql(INTROSPECT);
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const typeQuery = await api.gql(`query T { __type(name: "Person") { name } }`);
    expect(typeQuery.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const signedIn = await api.gql(INTROSPECT, {}, admin);
    expect(signedIn.data.__schema.queryType.name).toBe('Query');
    // __typename is not introspection of the schema.
    const typename = await api.gql(`query N { __typename }`);
    expect(typename.data).toEqual({ __typename: 'Query' });
  });
});

describe('tokens', () => {
  it('refuses a validly signed token without exp', async () => {
    const token = await new SignJWT({ role: Role.ADMIN })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('forever')
      .setIssuer('huzhu')
      .setAudience('huzhu-api')
      .setIssuedAt()
      .sign(new TextEncoder().encode(TEST_SECRET));
    const response = await api.gql(`query V { viewer { role } }`, {}, token);
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // The same token with an exp works, so it is the missing exp that is refused.
    const withExp = await new SignJWT({ role: Role.ADMIN })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('huzhu')
      .setAudience('huzhu-api')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_SECRET));
    expect((await api.gql(`query V { viewer { role } }`, {}, withExp)).data.viewer.role).toBe('ADMIN');
  });
});
