import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { createRun, executeRun } from '../../src/modules/matching/match-run.service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty, type SmallCounty } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let db: TestDatabase;
let api: TestServer;
let county: SmallCounty;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db);
  county = await insertSmallCounty(db.dataSource);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

async function personHelper(personId: string, regionId: string, maxElders: number): Promise<string> {
  const id = crypto.randomUUID();
  await db.dataSource.query(
    `INSERT INTO helper (id, county_id, kind, person_id, region_id, service_types, weekly_minutes, max_elders, consent)
     VALUES ($1, $2, 'PERSON', $3, $4, '{MEAL_DELIVERY}', 600, $5, true)`,
    [id, county.county.id, personId, regionId, maxElders],
  );
  for (let weekday = 1; weekday <= 7; weekday += 1)
    await db.dataSource.query(
      `INSERT INTO helper_availability (helper_id, weekday, window_start, window_end) VALUES ($1, $2, '07:00', '20:00')`,
      [id, weekday],
    );
  return id;
}

describe('explanations for people', () => {
  it('name the helper and what they are to the elder, and say who took each runner-up, in Chinese and English', async () => {
    // Group A: 王秀英, her son 王建国, and her neighbour 刘桂芝, whose neighbour 陈志强 (her choice) is free.
    // One elder each: the son goes to his mother; to 刘桂芝 he is a neighbour, taken for 王老人.
    const mother = await insertPerson(db.dataSource, county.groupA, { name: '王秀英', birthYear: 1938 });
    const other = await insertPerson(db.dataSource, county.groupA, { name: '刘桂芝', birthYear: 1941 });
    const son = await insertPerson(db.dataSource, county.groupA, {
      name: '王建国',
      birthYear: 1966,
      selfCareLevel: null,
    });
    const neighbour = await insertPerson(db.dataSource, county.groupA, {
      name: '陈志强',
      birthYear: 1970,
      selfCareLevel: null,
    });
    const [a, b] = [mother.id, son.id].sort();
    await db.dataSource.query(
      `INSERT INTO relationship (id, county_id, person_a_id, person_b_id, kind, kin_degree, kin_term) VALUES ($1, $2, $3, $4, 'KIN', 1, '儿子')`,
      [crypto.randomUUID(), county.county.id, a, b],
    );
    const sonHelper = await personHelper(son.id, county.groupA.id, 1);
    const neighbourHelper = await personHelper(neighbour.id, county.groupA.id, 1);
    const coordinator = await api.token(Role.COORDINATOR, county.villageA.id);
    const createNeed = async (elderId: string, preferredHelperIds: string[] = []) => {
      const response = await api.gql(
        'mutation ($input: CreateNeedInput!) { createNeed(input: $input) { need { id } errors { field code } } }',
        {
          input: {
            elderId: toGlobalId('Person', elderId),
            serviceType: 'MEAL_DELIVERY',
            minutesPerOccurrence: 30,
            startDate: '2026-12-01',
            recurrence: { kind: 'WEEKLY', weekdays: [1, 3, 5], windowStart: '11:00', windowEnd: '12:30' },
            preferredHelperIds,
          },
        },
        coordinator,
      );
      expect(response.data.createNeed.errors).toEqual([]);
      return response.data.createNeed.need.id as string;
    };
    const motherNeed = await createNeed(mother.id);
    const otherNeed = await createNeed(other.id, [toGlobalId('Helper', neighbourHelper)]);
    const run = await createRun(db.dataSource.manager, county.villageA, false, 'test');
    expect((await executeRun(db.dataSource, run.id)).status).toBe('SUCCEEDED');

    const EXPLAIN = `query ($id: ID!) { need(id: $id) { id } proposals(needId: $id, first: 5) { edges { node {
      helper { id } elderChoice safetyNet outsideHours
      explanation { summary summaryEn runnersUp { reason takenFor { id } helper { id } } } } } } }`;
    const read = async (needId: string) => {
      const response = await api.gql(EXPLAIN, { id: needId }, coordinator);
      expect(response.errors).toBeUndefined();
      return response.data.proposals.edges.map((edge: any) => edge.node);
    };
    const [forMother] = await read(motherNeed);
    expect(forMother.helper.id).toBe(toGlobalId('Helper', sonHelper));
    expect(forMother.explanation.summary).toContain('由王建国（儿子）照料');
    expect(forMother.explanation.summary).toContain('目前每周已服务0分钟（共可提供600分钟）');
    expect(forMother.explanation.summary).not.toMatch(/\d+\.\d/);

    const [forOther] = await read(otherNeed);
    expect(forOther).toMatchObject({ helper: { id: toGlobalId('Helper', neighbourHelper) }, elderChoice: true });
    expect(forOther.explanation.summary).toContain('由陈志强（邻居）照料；老人本人选择');
    expect(forOther.explanation.runnersUp).toEqual([
      { reason: 'TAKEN_IN_THIS_RUN', takenFor: { id: motherNeed }, helper: { id: toGlobalId('Helper', sonHelper) } },
    ]);
    expect(forOther.explanation.summary).toContain('其他人选：王建国（邻居）已在本次安排给王老人');
    expect(forOther.explanation.summaryEn).toContain("陈志强 (a neighbour) will help; the elder's own choice");
    expect(forOther.explanation.summaryEn).toContain('王建国 (a neighbour) was given to elder 王 in this run');
  });
});
