import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { queryCounterOf } from '../../src/db/data-source.ts';
import { Organisation, OrganisationMember, OrganisationServiceArea } from '../../src/modules/organisation/organisation.entity.ts';
import { OrganisationKind } from '../../src/modules/organisation/organisation.enums.ts';
import { RelationshipRow } from '../../src/modules/relationship/relationship.entity.ts';
import { RelationshipKind } from '../../src/modules/relationship/relationship.enums.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let db: TestDatabase;
let api: TestServer;

const PEOPLE = `query ($first: Int!, $region: ID) {
  people(first: $first, regionId: $region) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name age healthNotes selfCareLevel
      region { name parent { name } ancestry { code } }
      household { code address members { name phone } region { name } }
      relationships { kind kinDegree other { name household { code } region { name } } person { name } }
      organisations { name kind serviceAreas { name } members { role person { name } } }
    } }
  }
}`;

/**
 * 110 elders in village A, each with a spouse at home, a son in village B, a neighbour tie and a
 * charity-home membership. The list is village A's, so every elder's son (and his household and
 * region) lies off the page: each relation level needs the database at 10 rows as at 100.
 */
let villageA: string;
let township: string;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db);
  const county = await insertSmallCounty(db.dataSource);
  villageA = toGlobalId('Region', county.villageA.id);
  township = await api.token(Role.COORDINATOR, county.township.id);
  const organisation = await db.dataSource.manager.save(Organisation, {
    id: crypto.randomUUID(), countyId: county.county.id, regionId: county.villageA.id, kind: OrganisationKind.CHARITY_HOME, name: '幸福院',
  });
  await db.dataSource.manager.insert(OrganisationServiceArea, [{ organisationId: organisation.id, regionId: county.villageA.id }, { organisationId: organisation.id, regionId: county.villageB.id }]);
  const ties: Partial<RelationshipRow>[] = [];
  const tie = (x: string, y: string, kind: RelationshipKind, kinDegree: number | null = null) => {
    const [a, b] = x < y ? [x, y] : [y, x];
    ties.push({ id: crypto.randomUUID(), countyId: county.county.id, personAId: a, personBId: b, kind, kinDegree });
  };
  let previous: string | undefined;
  for (let i = 0; i < 55; i += 1) {
    const elder = await insertPerson(db.dataSource, county.groupA, { name: `老人${i}`, birthYear: 1935 + (i % 20) });
    const spouse = await insertPerson(db.dataSource, county.groupA, { name: `配偶${i}`, householdId: elder.householdId, birthYear: 1938 });
    const son = await insertPerson(db.dataSource, county.groupB, { name: `儿子${i}`, birthYear: 1965, selfCareLevel: null });
    tie(elder.id, spouse.id, RelationshipKind.SPOUSE);
    tie(elder.id, son.id, RelationshipKind.KIN, 1);
    tie(spouse.id, son.id, RelationshipKind.KIN, 1);
    if (previous) tie(elder.id, previous, RelationshipKind.NEIGHBOUR);
    previous = elder.id;
    await db.dataSource.manager.insert(OrganisationMember, { organisationId: organisation.id, personId: elder.id, role: '志愿者' });
  }
  await db.dataSource.manager.insert(RelationshipRow, ties);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

async function statementsFor(first: number): Promise<{ statements: number; rows: number }> {
  const counter = queryCounterOf(db.dataSource);
  counter.reset(true);
  const response = await api.gql(PEOPLE, { first, region: villageA }, township);
  expect(response.errors).toBeUndefined();
  if (process.env.SHOW_SQL) console.log(counter.statements.map((q) => q.slice(0, 140)).join('\n'));
  return { statements: counter.count, rows: response.data.people.edges.length };
}

describe('list fields are batched', () => {
  it('costs the same number of SQL statements for 10 people as for 100, relations included', async () => {
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(ten.rows).toBe(10);
    expect(hundred.rows).toBe(100);
    expect(hundred.statements).toBe(ten.statements);
    // A fixed, small number: the page, the count, and one batch per relation level.
    expect(ten.statements).toBeLessThan(20);
  });
});
