import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { fromGlobalId, toGlobalId } from '../../src/common/global-id.ts';
import { refreshNeedPriorities } from '../../src/modules/need/need-priority-keys.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The needs list sorts by a stored key (`need.priority_score`, migration list-keys) instead of
 * computing every need's score per request. It must be the score the API shows, need by need,
 * after whatever moves it: a new need, the elder's facts, the county's weights, and the clock
 * (re-scored by the worker's `refreshNeedPriorities`).
 */
let db: TestDatabase;
let api: TestServer;
let county: Region;
let admin: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 1, seed: 5 });
  county = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'COUNTY' as never });
  await db.dataSource.query(
    `UPDATE need SET unmet_since = now() - (abs(hashtext(id::text)) % 40) * interval '1 day' WHERE status = 'OPEN'`,
  );
  api = await startTestServer(db);
  admin = await api.token(Role.ADMIN);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

interface Shown {
  id: string;
  score: number;
}

/** Every need as the API shows it, in the list's default order (most urgent first). */
async function shownInOrder(): Promise<Shown[]> {
  const shown: Shown[] = [];
  let after: string | null = null;
  for (;;) {
    const response: any = await api.gql(
      'query ($after: String) { needs(first: 100, after: $after) { edges { node { id priority { score } } } pageInfo { hasNextPage endCursor } } }',
      { after },
      admin,
    );
    expect(response.errors).toBeUndefined();
    for (const { node } of response.data.needs.edges)
      shown.push({ id: fromGlobalId(node.id)!.id, score: node.priority.score });
    if (!response.data.needs.pageInfo.hasNextPage) return shown;
    after = response.data.needs.pageInfo.endCursor;
  }
}

/** The stored key of every need equals the score shown, and the list is in that order. */
async function expectKeysAgree(): Promise<Shown[]> {
  const shown = await shownInOrder();
  const stored = new Map<string, number>(
    (await db.dataSource.query('SELECT id, priority_score FROM need')).map((row: any) => [
      row.id,
      Number(row.priority_score),
    ]),
  );
  expect(shown.length).toBe(stored.size);
  const disagreeing = shown.filter((need) => stored.get(need.id) !== need.score);
  expect(disagreeing).toEqual([]);
  expect(shown.every((need, i) => i === 0 || shown[i - 1].score >= need.score)).toBe(true);
  return shown;
}

describe('the stored priority key', () => {
  it('is the score shown for every need after seeding and waiting', async () => {
    const shown = await expectKeysAgree();
    expect(new Set(shown.map((need) => need.score)).size).toBeGreaterThan(5);
  });

  it("follows the elder's facts", async () => {
    const [top] = await shownInOrder();
    const [{ elder_id: elderId }] = await db.dataSource.query('SELECT elder_id FROM need WHERE id = $1', [top.id]);
    const changed = await api.gql(
      'mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { errors { field } } }',
      {
        input: {
          id: toGlobalId('Person', elderId),
          selfCareLevel: 'INDEPENDENT',
          livesAlone: false,
          bottomLineHousehold: false,
          disability: 'NONE',
        },
      },
      admin,
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data.updatePerson.errors).toEqual([]);
    const after = await expectKeysAgree();
    expect(after.find((need) => need.id === top.id)!.score).toBeLessThan(top.score);
  });

  it("follows the county's weights", async () => {
    const before = await shownInOrder();
    const updated = await api.gql(
      'mutation ($input: UpdatePriorityWeightsInput!) { updatePriorityWeights(input: $input) { errors { field } } }',
      {
        input: {
          countyId: county.globalId,
          selfCare: { INDEPENDENT: 5, PARTIAL: 10, DEPENDENT: 15 },
          livesAlone: 80,
          bottomLineHousehold: 1,
          disability: 1,
          aged80: 1,
          perUnmetDay: 3,
          unmetDaysCap: 10,
          bands: { urgent: 90, high: 50, medium: 20 },
        },
      },
      admin,
    );
    expect(updated.data.updatePriorityWeights.errors).toEqual([]);
    const after = await expectKeysAgree();
    expect(after.map((need) => need.id)).not.toEqual(before.map((need) => need.id));
  });

  it('follows the clock once the worker re-scores', async () => {
    // As if days had passed since the keys were written: the stored keys are stale.
    await db.dataSource.query(`UPDATE need SET priority_score = 0 WHERE unmet_since IS NOT NULL`);
    const stale = await shownInOrder();
    expect(stale.every((need, i) => i === 0 || stale[i - 1].score >= need.score)).toBe(false);
    expect(await refreshNeedPriorities(db.dataSource.manager)).toBeGreaterThan(0);
    await expectKeysAgree();
    expect(await refreshNeedPriorities(db.dataSource.manager)).toBe(0);
  });

  it('is written for a need entered through the API', async () => {
    const [{ id: elderId }] = await db.dataSource.query(
      `SELECT p.id FROM person p WHERE p.birth_year < 1950 AND NOT EXISTS (SELECT 1 FROM need n WHERE n.elder_id = p.id) LIMIT 1`,
    );
    const created = await api.gql(
      `mutation ($input: CreateNeedInput!) { createNeed(input: $input) { need { id } errors { field message } } }`,
      {
        input: {
          elderId: toGlobalId('Person', elderId),
          serviceType: 'MEAL_DELIVERY',
          minutesPerOccurrence: 30,
          startDate: '2026-12-07',
          recurrence: { kind: 'WEEKLY', weekdays: [1], windowStart: '11:00', windowEnd: '12:00' },
        },
      },
      admin,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createNeed.errors).toEqual([]);
    await expectKeysAgree();
  });
});
