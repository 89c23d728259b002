import { clearProcessCaches } from '../../src/common/loader.ts';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { queryCounterOf } from '../../src/db/data-source.ts';
import {
  Organisation,
  OrganisationMember,
  OrganisationServiceArea,
} from '../../src/modules/organisation/organisation.entity.ts';
import { OrganisationKind } from '../../src/modules/organisation/organisation.enums.ts';
import { RelationshipRow } from '../../src/modules/relationship/relationship.entity.ts';
import { RelationshipKind } from '../../src/modules/relationship/relationship.enums.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty } from '../support/fixtures.ts';
import type { Person } from '../../src/modules/person/person.entity.ts';
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
    id: crypto.randomUUID(),
    countyId: county.county.id,
    regionId: county.villageA.id,
    kind: OrganisationKind.CHARITY_HOME,
    name: '幸福院',
  });
  await db.dataSource.manager.insert(OrganisationServiceArea, [
    { organisationId: organisation.id, regionId: county.villageA.id },
    { organisationId: organisation.id, regionId: county.villageB.id },
  ]);
  const ties: Partial<RelationshipRow>[] = [];
  const tie = (x: string, y: string, kind: RelationshipKind, kinDegree: number | null = null) => {
    const [a, b] = x < y ? [x, y] : [y, x];
    ties.push({ id: crypto.randomUUID(), countyId: county.county.id, personAId: a, personBId: b, kind, kinDegree });
  };
  let previous: string | undefined;
  for (let i = 0; i < 55; i += 1) {
    const elder = await insertPerson(db.dataSource, county.groupA, { name: `老人${i}`, birthYear: 1935 + (i % 20) });
    const spouse = await insertPerson(db.dataSource, county.groupA, {
      // Named after the elder, so that a page in name order holds couples, as a page in id order did.
      name: `老人${i}的配偶`,
      householdId: elder.householdId,
      birthYear: 1938,
    });
    const son = await insertPerson(db.dataSource, county.groupB, {
      name: `儿子${i}`,
      birthYear: 1965,
      selfCareLevel: null,
    });
    tie(elder.id, spouse.id, RelationshipKind.SPOUSE);
    tie(elder.id, son.id, RelationshipKind.KIN, 1);
    tie(spouse.id, son.id, RelationshipKind.KIN, 1);
    if (previous) tie(elder.id, previous, RelationshipKind.NEIGHBOUR);
    previous = elder.id;
    await db.dataSource.manager.insert(OrganisationMember, {
      organisationId: organisation.id,
      personId: elder.id,
      role: '志愿者',
    });
    await insertHelperAndNeeds(county.county.id, elder, spouse);
  }
  await db.dataSource.manager.insert(RelationshipRow, ties);
});

/** Both partners help (with windows and a certificate); the spouse has two needs, one assigned to the elder. */
async function insertHelperAndNeeds(countyId: string, elder: Person, spouse: Person): Promise<void> {
  const helperIds: string[] = [];
  for (const person of [elder, spouse]) {
    const helperId = crypto.randomUUID();
    helperIds.push(helperId);
    await db.dataSource.query(
      `INSERT INTO helper (id, county_id, kind, person_id, region_id, service_types, weekly_minutes, max_elders, consent)
       VALUES ($1, $2, 'PERSON', $3, $4, '{MEAL_DELIVERY,VISIT_CHECK}', 300, 2, true)`,
      [helperId, countyId, person.id, person.regionId],
    );
    await db.dataSource.query(
      `INSERT INTO helper_availability (helper_id, weekday, window_start, window_end) VALUES ($1, 1, '08:00', '12:00'), ($1, 3, '08:00', '12:00')`,
      [helperId],
    );
    await db.dataSource.query(
      `INSERT INTO certificate (id, helper_id, kind, number, expires_on) VALUES ($1, $2, 'FOOD_HEALTH', 'JK-1', '2030-01-01')`,
      [crypto.randomUUID(), helperId],
    );
  }
  for (const service of ['MEAL_DELIVERY', 'VISIT_CHECK']) {
    const needId = crypto.randomUUID();
    await db.dataSource.query(
      `INSERT INTO need (id, county_id, region_id, elder_id, service_type, minutes_per_occurrence, recurrence, weekdays, window_start, window_end, start_date, entry_channel, entered_by, notes, proxy_id)
       VALUES ($1, $2, $3, $4, $5, 30, 'WEEKLY', '{1,3}', '09:00', '10:00', '2026-12-01', 'PHONE', 'test', '需要软食', $6)`,
      [needId, countyId, spouse.regionId, spouse.id, service, elder.id],
    );
    await db.dataSource.query(
      `INSERT INTO need_status_change (need_id, to_status, reason_code, actor) VALUES ($1, 'OPEN', 'ENTERED', 'test')`,
      [needId],
    );
    await db.dataSource.query(
      `INSERT INTO need_helper_preference (need_id, helper_id, preferred, entered_by) VALUES ($1, $2, true, 'test')`,
      [needId, helperIds[0]],
    );
    await db.dataSource.query(
      `INSERT INTO assignment (id, county_id, need_id, helper_id, elder_id, weekly_minutes, created_by) VALUES ($1, $2, $3, $4, $5, 60, 'test')`,
      [crypto.randomUUID(), countyId, needId, helperIds[0], spouse.id],
    );
  }
}

const NEEDS = `query ($first: Int!, $region: ID) {
  needs(first: $first, regionId: $region) {
    totalCount
    edges { node {
      serviceType notes weeklyMinutes daysUnmet
      recurrence { summaryZh }
      elder { name selfCareLevel household { code address members { name } } }
      region { name parent { name } }
      proxy { name }
      priority { score band parts { factor points } }
      preferredHelpers { person { name } load { committedMinutes } }
      history { to actor }
    } }
  }
}`;

const HELPERS = `query ($first: Int!, $region: ID) {
  helpers(first: $first, regionId: $region) {
    totalCount
    edges { node {
      kind serviceTypes
      person { name phone household { code } needs { serviceType } }
      organisation { name }
      region { name }
      load { committedMinutes committedElders remainingMinutes }
      availability { weekday windowStart }
      certificates { kind number expiresOn }
    } }
  }
}`;

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

async function statementsFor(
  first: number,
  query = PEOPLE,
  list = 'people',
): Promise<{ statements: number; rows: number; sql: string[] }> {
  const counter = queryCounterOf(db.dataSource);
  // Regions are kept by the process once read (immutableByIdLoader): measure cold requests alike.
  clearProcessCaches(db.dataSource);
  counter.reset(true);
  const response = await api.gql(query, { first, region: villageA }, township);
  expect(response.errors).toBeUndefined();
  if (process.env.SHOW_SQL) console.log(counter.statements.map((q) => q.slice(0, 140)).join('\n'));
  // The count and the recorded statements agree: the counter saw every statement it recorded.
  expect(counter.count).toBe(counter.statements.length);
  return { statements: counter.count, rows: response.data[list].edges.length, sql: [...counter.statements] };
}

/** How many recorded statements read from `table` (as TypeORM or our own SQL names it). */
function reading(sql: string[], table: string): number {
  return sql.filter((q) => new RegExp(`FROM "?${table}"?[\\s"]`, 'i').test(q)).length;
}

describe('list fields are batched', () => {
  it('costs the same number of SQL statements for 10 people as for 100, relations included', async () => {
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(ten.rows).toBe(10);
    expect(hundred.rows).toBe(100);
    expect(hundred.statements).toBe(ten.statements);
    // A fixed, small number: the page, the count, and one batch per relation level (about 18:
    // person page + count, regions, households, relationships, people, organisations, members,
    // service areas). A dead counter would say 0 and 0, which are equal too.
    expect(ten.statements).toBeGreaterThanOrEqual(12);
    expect(ten.statements).toBeLessThan(20);
    expect(reading(ten.sql, 'person')).toBeGreaterThanOrEqual(2);
    expect(ten.sql.filter((q) => /SELECT COUNT\(1\)/i.test(q))).toHaveLength(1);
    for (const table of [
      'household',
      'relationship',
      'organisation',
      'organisation_member',
      'organisation_service_area',
    ]) {
      expect(reading(ten.sql, table), table).toBeGreaterThanOrEqual(1);
    }
  });

  it('costs the same for needs with their elder, household, priority and preferred helpers', async () => {
    const ten = await statementsFor(10, NEEDS, 'needs');
    const hundred = await statementsFor(100, NEEDS, 'needs');
    expect([ten.rows, hundred.rows]).toEqual([10, 100]);
    expect(hundred.statements).toBe(ten.statements);
    // About 13: need page + count, region, person, preferences, history, household, policy, helper, person, load.
    expect(ten.statements).toBeGreaterThanOrEqual(9);
    expect(ten.statements).toBeLessThan(16);
    for (const table of ['need', 'need_helper_preference', 'need_status_change', 'household', 'helper', 'assignment']) {
      expect(reading(ten.sql, table), table).toBeGreaterThanOrEqual(1);
    }
  });

  it('costs the same for helpers with their person, load, windows and certificates', async () => {
    const ten = await statementsFor(10, HELPERS, 'helpers');
    const hundred = await statementsFor(100, HELPERS, 'helpers');
    expect([ten.rows, hundred.rows]).toEqual([10, 100]);
    expect(hundred.statements).toBe(ten.statements);
    // About 11: helper page + count, person, region, load, windows, certificates, household, needs.
    expect(ten.statements).toBeGreaterThanOrEqual(8);
    expect(ten.statements).toBeLessThan(14);
    for (const table of ['helper', 'helper_availability', 'certificate', 'assignment', 'need']) {
      expect(reading(ten.sql, table), table).toBeGreaterThanOrEqual(1);
    }
  });
});
