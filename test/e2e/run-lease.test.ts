import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { failLapsedRuns } from '../../src/modules/matching/match-run.service.ts';
import { huzhu, kill, post, serve, until, type HuzhuProcess } from '../support/processes.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Runs started from the API are solved by workers through pg-boss: an API process that dies
 * right after queuing one loses nothing. A run holds a lease that its worker renews while it
 * works. A `huzhu worker` killed with SIGKILL in the middle of a run leaves the run RUNNING: the
 * region stays busy while the lease is live, and once it lapses the run is failed with the
 * reason — by the next API process when it starts, or by a worker — and the region takes a new run.
 */
let db: TestDatabase;
let api: TestServer;
let countyId: string;
let admin: string;
const started: HuzhuProcess[] = [];

const START = `mutation ($input: StartMatchRunInput!) { startMatchRun(input: $input) { run { id status } errors { field code message } } }`;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 12, seed: 3 });
  [{ id: countyId }] = await db.dataSource.query(`SELECT id FROM region WHERE kind = 'COUNTY'`);
  api = await startTestServer(db);
  admin = await api.token(Role.ADMIN);
}, 120_000);

afterAll(async () => {
  for (const process of started) await kill(process.child, 'SIGKILL');
  await api?.close();
  await db?.drop();
});

async function runRow(id: string): Promise<{ status: string; error: string | null; lease_live: boolean }> {
  const [row] = await db.dataSource.query(
    `SELECT status, error, lease_until > now() AS lease_live FROM match_run WHERE id = $1`,
    [id],
  );
  return row;
}

const regionOf = (id: string) => toGlobalId('Region', id);
const runIdOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];

/** Starts a county run from the API, solved by a fresh `huzhu worker` that is killed with SIGKILL while it solves. */
async function runKilledMidway(leaseSeconds: number): Promise<string> {
  const worker = huzhu('worker', db.url, { HUZHU_RUN_LEASE_SECONDS: String(leaseSeconds) });
  started.push(worker);
  await until(() => worker.output().includes('Worker ready'), `the worker to start (it says: ${worker.output()})`);
  const response = await api.gql(START, { input: { regionId: regionOf(countyId) } }, admin);
  expect(response.data?.startMatchRun.errors).toEqual([]);
  const runId = runIdOf(response.data!.startMatchRun.run.id);
  await until(async () => (await runRow(runId)).status === 'RUNNING', 'the run to start');
  await kill(worker.child, 'SIGKILL');
  expect((await runRow(runId)).status).toBe('RUNNING');
  return runId;
}

describe('a run queued by an API process', () => {
  it('is solved by a worker even though that API process died right after answering', async () => {
    const server = await serve(db.url);
    started.push(server);
    const [{ id: villageId }] = await db.dataSource.query(
      `SELECT id FROM region WHERE kind = 'VILLAGE' ORDER BY code LIMIT 1`,
    );
    const response = await post(server.url, admin, START, { input: { regionId: regionOf(villageId), dryRun: true } });
    expect(response.data?.startMatchRun.errors).toEqual([]);
    const runId = runIdOf(response.data!.startMatchRun.run.id);
    await kill(server.child, 'SIGKILL');
    expect((await runRow(runId)).status).toBe('QUEUED');
    const worker = huzhu('worker', db.url);
    started.push(worker);
    await until(
      async () => (await runRow(runId)).status === 'SUCCEEDED',
      `the worker to solve the run (it says: ${worker.output()})`,
    );
    await kill(worker.child, 'SIGTERM');
  }, 180_000);

  it('is failed, saying why, when no worker started it before its lease lapsed', async () => {
    const hurried = await startTestServer(db, { HUZHU_RUN_LEASE_SECONDS: '2' });
    try {
      const response = await hurried.gql(START, { input: { regionId: regionOf(countyId), dryRun: true } }, admin);
      const runId = runIdOf(response.data.startMatchRun.run.id);
      await until(async () => !(await runRow(runId)).lease_live, 'the lease to lapse', 30_000);
      expect(await failLapsedRuns(db.dataSource.manager)).toEqual([runId]);
      expect((await runRow(runId)).error).toMatch(
        /no worker started it \(is a huzhu worker, or huzhu start, running\?\)$/,
      );
    } finally {
      await hurried.close();
    }
  }, 60_000);
});

describe('a run whose process was killed', () => {
  it('keeps its region busy while its lease is live, then is failed by the next API process, and the region runs again', async () => {
    const runId = await runKilledMidway(8);
    // Busy means a live lease: the region refuses a new live run for now.
    const busy = await api.gql(START, { input: { regionId: regionOf(countyId) } }, admin);
    expect(busy.data.startMatchRun.errors).toEqual([
      { field: 'regionId', code: 'CONFLICT', message: 'A run for this region is already queued or running' },
    ]);

    await until(async () => !(await runRow(runId)).lease_live, 'the lease to lapse', 30_000);
    const next = await serve(db.url);
    started.push(next);
    const failed = await runRow(runId);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(
      /^abandoned: its lease lapsed at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Asia\/Shanghai\); the process running it stopped$/,
    );

    const again = await post(next.url, admin, START, { input: { regionId: regionOf(countyId) } });
    expect(again.data?.startMatchRun.errors).toEqual([]);
    await kill(next.child, 'SIGTERM');
    // Withdraw it, so that the next test's worker does not spend a county run on it first.
    await db.dataSource.query(`UPDATE match_run SET status = 'FAILED', awaiting_job = false WHERE id = $1`, [
      runIdOf(again.data!.startMatchRun.run.id),
    ]);
  }, 180_000);

  it('is failed by a worker once its lease lapsed', async () => {
    const runId = await runKilledMidway(3);
    await until(async () => !(await runRow(runId)).lease_live, 'the lease to lapse', 30_000);
    const worker = huzhu('worker', db.url);
    started.push(worker);
    await until(
      async () => (await runRow(runId)).status === 'FAILED',
      `the worker to fail the run (it says: ${worker.output()})`,
    );
    // The worker logs after its commit: the line may reach our pipe a moment after the row changed.
    await until(
      async () => worker.output().includes(`failed 1 abandoned run(s) whose lease lapsed: ${runId}`),
      `the worker to say it failed the run (it says: ${worker.output()})`,
      15_000,
    );
    await kill(worker.child, 'SIGTERM');
  }, 180_000);
});
