import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { createRun, executeRun } from '../../src/modules/matching/match-run.service.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Lists a coordinator's worklist can use: needs most urgent first (the score computed in SQL
 * agrees with the one the API shows), longest waiting first, filtered by several statuses and by
 * band; people by name, elders only, by surname, by household; and every list paged both ways.
 */
let db: TestDatabase;
let api: TestServer;
let township: Region;
let coordinator: string;
let helper: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 2, seed: 21 });
  township = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'TOWNSHIP' as never });
  // Some needs have waited a while: waiting days count in the score.
  await db.dataSource.query(
    `UPDATE need SET unmet_since = now() - (abs(hashtext(id::text)) % 40) * interval '1 day' WHERE status IN ('OPEN', 'PROPOSED')`,
  );
  api = await startTestServer(db);
  coordinator = await api.token(Role.COORDINATOR, township.id);
  helper = await api.token(Role.HELPER, township.id);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

/** Every page of a list, forwards with `first`/`after`. */
async function allForwards(field: string, args: string, select: string, token: string): Promise<any[]> {
  const nodes: any[] = [];
  let after: string | null = null;
  for (;;) {
    const response: any = await api.gql(
      `query ($after: String) { list: ${field}(first: 37, after: $after${args ? `, ${args}` : ''}) { edges { node { ${select} } } pageInfo { hasNextPage endCursor } } }`,
      { after },
      token,
    );
    expect(response.errors).toBeUndefined();
    nodes.push(...response.data.list.edges.map((edge: any) => edge.node));
    if (!response.data.list.pageInfo.hasNextPage) return nodes;
    after = response.data.list.pageInfo.endCursor;
  }
}

/** Every page of a list, backwards with `last`/`before`, put back in the list's order. */
async function allBackwards(field: string, args: string, select: string, token: string): Promise<any[]> {
  const pages: any[][] = [];
  let before: string | null = null;
  for (;;) {
    const response: any = await api.gql(
      `query ($before: String) { list: ${field}(last: 37, before: $before${args ? `, ${args}` : ''}) { edges { node { ${select} } } pageInfo { hasPreviousPage startCursor } } }`,
      { before },
      token,
    );
    expect(response.errors).toBeUndefined();
    pages.unshift(response.data.list.edges.map((edge: any) => edge.node));
    if (!response.data.list.pageInfo.hasPreviousPage) return pages.flat();
    before = response.data.list.pageInfo.startCursor;
  }
}

const nonIncreasing = (values: number[]) => values.every((value, i) => i === 0 || values[i - 1] >= value);

describe('needs as a worklist', () => {
  it('come most urgent first by default, the database agreeing with the score shown, both ways', async () => {
    const select = 'id status daysUnmet priority { score band }';
    const forwards = await allForwards('needs', 'status: [OPEN, PROPOSED]', select, coordinator);
    expect(forwards.length).toBeGreaterThan(100);
    expect(new Set(forwards.map((need) => need.status))).toEqual(new Set(['OPEN']));
    const scores = forwards.map((need) => need.priority.score);
    expect(nonIncreasing(scores)).toBe(true);
    expect(new Set(scores).size).toBeGreaterThan(5);
    const backwards = await allBackwards('needs', 'status: [OPEN, PROPOSED]', select, coordinator);
    expect(backwards.map((need) => need.id)).toEqual(forwards.map((need) => need.id));
  });

  it('come by band, then longest waiting, for a viewer who may not read the score', async () => {
    const rank = { URGENT: 3, HIGH: 2, MEDIUM: 1, LOW: 0 } as const;
    const needs = await allForwards('needs', 'status: [OPEN]', 'id daysUnmet priority { score band }', helper);
    expect(needs.every((need) => need.priority.score === null)).toBe(true);
    const bands = needs.map((need) => rank[need.priority.band as keyof typeof rank]);
    expect(nonIncreasing(bands)).toBe(true);
    for (let i = 1; i < needs.length; i += 1)
      if (bands[i] === bands[i - 1]) expect(needs[i - 1].daysUnmet).toBeGreaterThanOrEqual(needs[i].daysUnmet);
  });

  it('come longest waiting first, and filter by band', async () => {
    const waiting = await allForwards('needs', 'orderBy: WAITING, status: [OPEN]', 'daysUnmet', helper);
    expect(nonIncreasing(waiting.map((need) => need.daysUnmet))).toBe(true);
    const urgent = await allForwards('needs', 'band: [URGENT, HIGH]', 'priority { band }', coordinator);
    expect(urgent.length).toBeGreaterThan(0);
    expect(new Set(urgent.map((need) => need.priority.band))).toEqual(new Set(['URGENT', 'HIGH']));
  });
});

describe("the coordinator's unmet queue", () => {
  it('comes longest waiting first, paged both ways', async () => {
    const run = await createRun(db.dataSource.manager, township, false, 'test');
    expect((await executeRun(db.dataSource, run.id)).status).toBe('SUCCEEDED');
    const region = `regionId: "${township.globalId}"`;
    const forwards = await allForwards('unmetNeeds', region, 'need { id daysUnmet } reason', coordinator);
    expect(forwards.length).toBeGreaterThan(37);
    expect(nonIncreasing(forwards.map((entry) => entry.need.daysUnmet))).toBe(true);
    const backwards = await allBackwards('unmetNeeds', region, 'need { id daysUnmet } reason', coordinator);
    expect(backwards.map((entry) => entry.need.id)).toEqual(forwards.map((entry) => entry.need.id));
  });
});

describe('people as a register', () => {
  it('come by name, elders only or by a surname, both ways', async () => {
    const elders = await allForwards('people', 'eldersOnly: true', 'id name isElder', coordinator);
    expect(elders.length).toBeGreaterThan(50);
    expect(elders.every((person) => person.isElder)).toBe(true);
    const names = elders.map((person) => person.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const backwards = await allBackwards('people', 'eldersOnly: true', 'id name isElder', coordinator);
    expect(backwards.map((person) => person.id)).toEqual(elders.map((person) => person.id));
    const wang = await allForwards('people', 'search: "王"', 'name', coordinator);
    expect(wang.length).toBeGreaterThan(0);
    expect(wang.every((person) => person.name.includes('王'))).toBe(true);
  });

  it('come by household, and by self-care level only for those who may read it', async () => {
    const [household] = await db.dataSource.query(
      `SELECT household_id AS id, count(*)::int AS n FROM person GROUP BY household_id HAVING count(*) > 2 ORDER BY household_id LIMIT 1`,
    );
    const members = await allForwards(
      'people',
      `householdId: "${toGlobalId('Household', household.id)}"`,
      'id',
      coordinator,
    );
    expect(members).toHaveLength(household.n);
    const dependent = await allForwards('people', 'selfCareLevel: [DEPENDENT]', 'selfCareLevel', coordinator);
    expect(dependent.length).toBeGreaterThan(0);
    expect(new Set(dependent.map((person) => person.selfCareLevel))).toEqual(new Set(['DEPENDENT']));
    const refused = await api.gql('{ people(selfCareLevel: [DEPENDENT]) { totalCount } }', {}, helper);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses first with last, and a cursor of the wrong direction', async () => {
    const both = await api.gql('{ people(first: 2, last: 2) { totalCount } }', {}, coordinator);
    expect(both.errors?.[0].message).toMatch(/first or last/);
    const page = await api.gql('{ people(first: 2) { pageInfo { endCursor } } }', {}, coordinator);
    const mixed = await api.gql(
      'query ($c: String) { people(last: 2, after: $c) { totalCount } }',
      { c: page.data.people.pageInfo.endCursor },
      coordinator,
    );
    expect(mixed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
