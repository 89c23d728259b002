import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun, executeRun } from '../../src/modules/matching/match-run.service.ts';
import type { Region } from '../../src/modules/region/region.entity.ts';
import { RegionKind } from '../../src/modules/region/region.enums.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertRegion } from '../support/fixtures.ts';

/**
 * A charity home on the border of two townships serves a village in each. Its places are few;
 * the nightly runs, one per township, must not together promise it more than it can take, run
 * one after another or at the same time.
 */
let db: TestDatabase;
let county: Region;
const townships: Region[] = [];
const villages: Region[] = [];
let homeHelper: string;
const HOME_PLACES = 3;
const HOME_MINUTES = 7 * 60 * 3;

async function needOf(region: Region, name: string): Promise<string> {
  const elder = await insertPerson(db.dataSource, region, { name });
  const id = crypto.randomUUID();
  await db.dataSource.query(
    `INSERT INTO need (id, county_id, region_id, elder_id, service_type, minutes_per_occurrence, recurrence, weekdays,
                       window_start, window_end, start_date, entry_channel, entered_by)
     VALUES ($1, $2, $3, $4, 'MEAL_DELIVERY', 60, 'DAILY', '{}', '11:00', '13:00', '2026-12-01', 'APP', 'test')`,
    [id, county.id, region.id, elder.id],
  );
  return id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  county = await insertRegion(db.dataSource, undefined, RegionKind.COUNTY, '990009', '边界县');
  for (const [index, name] of ['东镇', '西镇'].entries()) {
    const township = await insertRegion(db.dataSource, county, RegionKind.TOWNSHIP, `99000910${index}`, name);
    townships.push(township);
    villages.push(await insertRegion(db.dataSource, township, RegionKind.VILLAGE, `99000910${index}200`, `${name}村`));
  }
  const organisation = crypto.randomUUID();
  await db.dataSource.query(
    `INSERT INTO organisation (id, county_id, region_id, kind, name) VALUES ($1, $2, $3, 'CHARITY_HOME', '两镇幸福院')`,
    [organisation, county.id, villages[0].id],
  );
  for (const village of villages)
    await db.dataSource.query('INSERT INTO organisation_service_area (organisation_id, region_id) VALUES ($1, $2)', [
      organisation,
      village.id,
    ]);
  homeHelper = crypto.randomUUID();
  await db.dataSource.query(
    `INSERT INTO helper (id, county_id, kind, organisation_id, region_id, service_types, weekly_minutes, max_elders, consent)
     VALUES ($1, $2, 'ORGANISATION', $3, $4, '{MEAL_DELIVERY}', $5, $6, true)`,
    [homeHelper, county.id, organisation, villages[0].id, HOME_MINUTES, HOME_PLACES],
  );
  for (let weekday = 1; weekday <= 7; weekday += 1)
    await db.dataSource.query(
      `INSERT INTO helper_availability (helper_id, weekday, window_start, window_end) VALUES ($1, $2, '08:00', '18:00')`,
      [homeHelper, weekday],
    );
  // Two elders in each township; nobody but the home can bring their meals.
  for (const [index, village] of villages.entries())
    for (const name of ['甲', '乙']) await needOf(village, `${name}${index}`);
});

afterAll(async () => {
  await db?.drop();
});

async function homeLoad(): Promise<{ proposals: number; runs: number }> {
  const [row] = await db.dataSource.query(
    `SELECT count(*)::int AS proposals, count(DISTINCT mp.run_id)::int AS runs
       FROM match_proposal mp JOIN match_run r ON r.id = mp.run_id AND NOT r.dry_run
      WHERE mp.helper_id = $1 AND mp.status = 'PROPOSED'`,
    [homeHelper],
  );
  return row;
}

async function runTownship(township: Region): Promise<void> {
  const run = await createRun(db.dataSource.manager, township, false, 'test:nightly');
  expect((await executeRun(db.dataSource, run.id)).status).toBe('SUCCEEDED');
}

describe('an organisation serving two townships', () => {
  it('is not promised beyond its places by two township runs, one after the other', async () => {
    await runTownship(townships[0]);
    expect(await homeLoad()).toEqual({ proposals: 2, runs: 1 });
    await runTownship(townships[1]);
    // The second township saw the first one's pending proposals: one place was left.
    expect(await homeLoad()).toEqual({ proposals: HOME_PLACES, runs: 2 });
    const [{ unmet }] = await db.dataSource.query(
      `SELECT count(*)::int AS unmet FROM match_unmet u JOIN match_run r ON r.id = u.run_id WHERE r.region_id = $1`,
      [townships[1].id],
    );
    expect(unmet).toBe(1);
    // Run again, the first township re-plans its own needs (its pending proposals do not count against it).
    await runTownship(townships[0]);
    expect((await homeLoad()).proposals).toBe(HOME_PLACES);
  });

  it('is not promised beyond its places by two township runs at the same time (the later save solves again)', async () => {
    await db.dataSource.query(`UPDATE match_proposal SET status = 'SUPERSEDED' WHERE status = 'PROPOSED'`);
    const messages: string[] = [];
    const runs = await Promise.all(
      townships.map((township) => createRun(db.dataSource.manager, township, false, 'test:nightly')),
    );
    // Hold the county's save lock, so that both runs have solved before either writes.
    const holder = db.dataSource.createQueryRunner();
    await holder.query(`SELECT pg_advisory_lock(hashtextextended('huzhu:match-save:' || $1, 0))`, [county.id]);
    const finished = Promise.all(
      runs.map((run) => executeRun(db.dataSource, run.id, { progress: (_f, message) => messages.push(message) })),
    );
    for (let i = 0; i < 300; i += 1) {
      const [{ n }] = await db.dataSource.query(
        `SELECT count(*)::int AS n FROM match_run WHERE id = ANY($1) AND progress_message LIKE 'writing%'`,
        [runs.map((run) => run.id)],
      );
      if (n === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await holder.query(`SELECT pg_advisory_unlock(hashtextextended('huzhu:match-save:' || $1, 0))`, [county.id]);
    await holder.release();
    await finished;
    expect(await homeLoad()).toEqual({ proposals: HOME_PLACES, runs: 2 });
    expect(messages.some((message) => message.includes('promised elsewhere while this run was solving'))).toBe(true);
  });
});
