import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { createRun, executeRun } from '../../src/modules/matching/match-run.service.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { digestTables, MATCHING_TABLES, snapshot } from '../support/snapshot.ts';

let db: TestDatabase;
let api: TestServer;
let township: Region;
let villages: Region[];
let coordinator: string;

const RUN =
  'query ($id: ID!) { matchRun(id: $id) { id status progress dryRun error metrics { needs helpers arcs components coverage tierMix unmetByReason objective lpBound } } }';
const PROPOSALS = `query ($run: ID!, $status: ProposalStatus) { proposals(runId: $run, status: $status, first: 100) { totalCount edges { node {
  id tier status safetyNet need { id status serviceType helpersNeeded } helper { id kind load { committedMinutes } }
  explanation { tier summary summaryEn cost { tier workload total } runnersUp { tier reason } } } } } }`;

const START =
  'mutation ($input: StartMatchRunInput!) { startMatchRun(input: $input) { run { id status dryRun } errors { field code } } }';

/**
 * Every table a run could change, with the rows of `runId` itself (its run row, proposals,
 * unmet list and the audit entry of starting it) left out: what a dry run must leave as it was.
 */
async function everythingBut(runId?: string): Promise<Record<string, string>> {
  const ds = db.dataSource;
  if (!runId)
    return { ...(await snapshot(ds, { except: MATCHING_TABLES })), ...(await digestTables(ds, MATCHING_TABLES)) };
  const own: Record<string, string> = {
    match_run: 'id <> $1',
    match_proposal: 'run_id <> $1',
    match_unmet: 'run_id <> $1',
  };
  const all = {
    ...(await snapshot(ds, { except: MATCHING_TABLES })),
    ...(await digestTables(
      ds,
      MATCHING_TABLES.map((table) => (own[table] ? { table, where: own[table], params: [runId] } : table)),
    )),
  };
  return {
    ...all,
    ...(await digestTables(ds, [
      { table: 'audit_entry', where: `NOT (entity_type = 'MatchRun' AND entity_id = $1)`, params: [runId] },
    ])),
  };
}

async function waitForRun(id: string, token: string): Promise<any> {
  for (let i = 0; i < 600; i += 1) {
    const response = await api.gql(RUN, { id }, token);
    const run = response.data.matchRun;
    if (run.status === 'SUCCEEDED' || run.status === 'FAILED') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the run did not finish');
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db, {}, { worker: true });
  await seedCounty(db.dataSource, { villages: 2, seed: 5 });
  township = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'TOWNSHIP' as never });
  villages = await db.dataSource.manager.findBy(Region, { kind: 'VILLAGE' as never });
  coordinator = await api.token(Role.COORDINATOR, township.id);
  expect(villages).toHaveLength(2);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

describe('who may start a run', () => {
  it('refuses a village coordinator a run for another village or for the township, and writes no run', async () => {
    const [villageA, villageB] = villages;
    const coordinatorA = await api.token(Role.COORDINATOR, villageA.id);
    const before = await everythingBut();
    // The write rule: a region the coordinator may not even read is NOT_FOUND on regionId (its
    // existence is not confirmed); one they may read but not run is a top-level FORBIDDEN.
    for (const dryRun of [false, true]) {
      const unseen = await api.gql(START, { input: { regionId: villageB.globalId, dryRun } }, coordinatorA);
      expect(unseen.errors, `dryRun=${dryRun}`).toBeUndefined();
      expect(unseen.data.startMatchRun).toEqual({ run: null, errors: [{ field: 'regionId', code: 'NOT_FOUND' }] });
      const above = await api.gql(START, { input: { regionId: township.globalId, dryRun } }, coordinatorA);
      expect(above.errors?.[0].extensions?.code, `dryRun=${dryRun}`).toBe('FORBIDDEN');
      expect(above.data?.startMatchRun ?? null).toBeNull();
    }
    // Give a wrongly started run time to show up before looking.
    await new Promise((resolve) => setTimeout(resolve, 300));
    // (The seeded history's runs, requested by 'seed', are not this test's.)
    const runs = `SELECT region_id, dry_run FROM match_run WHERE requested_by <> 'seed'`;
    expect(await db.dataSource.query(runs)).toEqual([]);
    expect(await everythingBut()).toEqual(before);

    // The same coordinator may run their own village (a dry run, so the data stays fresh).
    const own = await api.gql(START, { input: { regionId: villageA.globalId, dryRun: true } }, coordinatorA);
    expect(own.data.startMatchRun.errors).toEqual([]);
    expect((await waitForRun(own.data.startMatchRun.run.id, coordinatorA)).status).toBe('SUCCEEDED');
    expect(await db.dataSource.query(runs)).toEqual([{ region_id: villageA.id, dry_run: true }]);
  });
});

describe('a dry run on fresh data', () => {
  it('records its proposals but changes no need, assignment, history, earlier proposal or feed', async () => {
    const [{ n: open }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM need WHERE status = 'OPEN'`);
    const [{ n: other }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM need WHERE status <> 'OPEN'`);
    expect(open).toBeGreaterThan(50);
    const before = await everythingBut();
    const started = await api.gql(START, { input: { regionId: township.globalId, dryRun: true } }, coordinator);
    expect(started.data.startMatchRun.errors).toEqual([]);
    expect(started.data.startMatchRun.run.dryRun).toBe(true);
    const run = await waitForRun(started.data.startMatchRun.run.id, coordinator);
    expect(run.status).toBe('SUCCEEDED');
    const runId = idOf(run.id);
    // It did find helpers: a live run would have moved these needs to PROPOSED.
    const [{ n: proposed, needs }] = await db.dataSource.query(
      'SELECT count(*)::int AS n, count(DISTINCT need_id)::int AS needs FROM match_proposal WHERE run_id = $1',
      [runId],
    );
    expect(proposed).toBeGreaterThan(10);
    expect(needs).toBeGreaterThan(10);
    expect(await everythingBut(runId)).toEqual(before);
    const statuses = await db.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'OPEN')::int AS open, count(*) FILTER (WHERE status <> 'OPEN')::int AS other FROM need`,
    );
    expect(statuses).toEqual([{ open, other }]);
  });
});

describe('a match run from GraphQL', () => {
  let runId: string;
  let proposals: any[];

  it('is queued by the API, solved by a worker on a thread, and records metrics', async () => {
    // Who writes the run's rows: the run thread opens its own pool ('huzhu-match'); this
    // process's pool, which the API uses, is 'huzhu-test'.
    await db.dataSource.query(`CREATE TABLE test_run_writer (tbl text NOT NULL, app text NOT NULL)`);
    await db.dataSource.query(`CREATE FUNCTION test_log_run_writer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO test_run_writer VALUES (TG_TABLE_NAME, current_setting('application_name')); RETURN NULL; END $$`);
    await db.dataSource.query(
      'CREATE TRIGGER test_run_writer AFTER INSERT ON match_proposal FOR EACH STATEMENT EXECUTE FUNCTION test_log_run_writer()',
    );
    await db.dataSource.query(
      'CREATE TRIGGER test_run_writer AFTER UPDATE ON match_run FOR EACH STATEMENT EXECUTE FUNCTION test_log_run_writer()',
    );
    let run: any;
    try {
      const started = await api.gql(START, { input: { regionId: township.globalId } }, coordinator);
      expect(started.data.startMatchRun.errors).toEqual([]);
      runId = started.data.startMatchRun.run.id;
      run = await waitForRun(runId, coordinator);
      const writers = await db.dataSource.query('SELECT DISTINCT tbl, app FROM test_run_writer ORDER BY tbl, app');
      // The API only queued it; the worker's dispatcher (this process's pool) gave it its job.
      expect(writers).toEqual([
        { tbl: 'match_proposal', app: 'huzhu-match' },
        { tbl: 'match_run', app: 'huzhu-match' },
        { tbl: 'match_run', app: 'huzhu-test' },
      ]);
    } finally {
      await db.dataSource.query(
        'DROP TRIGGER test_run_writer ON match_proposal; DROP TRIGGER test_run_writer ON match_run; DROP FUNCTION test_log_run_writer(); DROP TABLE test_run_writer',
      );
    }
    expect(run.error).toBeNull();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.metrics.needs).toBeGreaterThan(50);
    expect(run.metrics.coverage).toBeGreaterThan(0);
    expect(run.metrics.lpBound).toBeLessThanOrEqual(run.metrics.objective + 1e-6);
  });

  it('proposes helpers with their ring, cost and runners-up, and marks the needs PROPOSED', async () => {
    const response = await api.gql(PROPOSALS, { run: runId }, coordinator);
    expect(response.errors).toBeUndefined();
    proposals = response.data.proposals.edges.map((e: any) => e.node);
    expect(proposals.length).toBeGreaterThan(10);
    for (const p of proposals) {
      expect(p.status).toBe('PROPOSED');
      expect(p.need.status).toBe('PROPOSED');
      expect(p.explanation.tier).toBe(p.tier);
      // A sentence for people: who comes and how they stand to the elder, no cost figures (the
      // helper's mean stars, 平均4.5星, are the one decimal it may carry).
      expect(p.explanation.summary).toMatch(/^由.+照料/);
      expect(p.explanation.summaryEn).toMatch(/will help/);
      expect(p.explanation.summary.replace(/平均\d\.\d星/, '')).not.toMatch(/\d\.\d/);
      expect(typeof p.explanation.cost.total).toBe('number');
    }
  });

  it('lets the coordinator confirm: an assignment that counts as load and is kept by the next run', async () => {
    const single = proposals.find((p) => p.need.helpersNeeded === 1 && !p.safetyNet)!;
    const confirmed = await api.gql(
      'mutation ($input: DecideProposalInput!) { confirmProposal(input: $input) { proposal { status decidedBy need { status } helper { load { committedMinutes } } } errors { field code } } }',
      { input: { proposalId: single.id, reason: '老人同意' } },
      coordinator,
    );
    expect(confirmed.data.confirmProposal.errors).toEqual([]);
    expect(confirmed.data.confirmProposal.proposal).toMatchObject({
      status: 'CONFIRMED',
      decidedBy: 'test:coordinator',
      need: { status: 'MATCHED' },
    });
    expect(confirmed.data.confirmProposal.proposal.helper.load.committedMinutes).toBeGreaterThan(
      single.helper.load.committedMinutes,
    );

    const again = await api.gql(
      'mutation ($input: DecideProposalInput!) { confirmProposal(input: $input) { errors { field code } } }',
      { input: { proposalId: single.id } },
      coordinator,
    );
    expect(again.data.confirmProposal.errors).toEqual([{ field: 'proposalId', code: 'CONFLICT' }]);

    const next = await createRun(db.dataSource.manager, township, false, 'test');
    await executeRun(db.dataSource, next.id);
    const kept = await db.dataSource.query(
      'SELECT count(*)::int AS n FROM match_proposal WHERE run_id = $1 AND need_id = $2',
      [next.id, idOf(single.need.id)],
    );
    expect(kept[0].n).toBe(0);
    const superseded = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM match_proposal WHERE run_id = $1 AND status = 'SUPERSEDED'`,
      [idOf(runId)],
    );
    expect(superseded[0].n).toBeGreaterThan(0);
  });

  it('wants a reason to reject, and reopens the need when it gets one', async () => {
    const latest = (await db.dataSource.query(`SELECT id FROM match_run ORDER BY created_at DESC LIMIT 1`))[0].id;
    const response = await api.gql(PROPOSALS, { run: toGlobalId('MatchRun', latest), status: 'PROPOSED' }, coordinator);
    const target = response.data.proposals.edges.map((e: any) => e.node).find((p: any) => p.need.helpersNeeded === 1)!;
    const before = await snapshot(db.dataSource);
    const refused = await api.gql(
      'mutation ($input: DecideProposalInput!) { rejectProposal(input: $input) { errors { field code } } }',
      { input: { proposalId: target.id } },
      coordinator,
    );
    expect(refused.data.rejectProposal.errors).toEqual([{ field: 'reason', code: 'REQUIRED' }]);
    expect(await snapshot(db.dataSource)).toEqual(before);
    const rejected = await api.gql(
      'mutation ($input: DecideProposalInput!) { rejectProposal(input: $input) { proposal { status decisionReason need { status history { to reason } } } errors { field } } }',
      { input: { proposalId: target.id, reason: '两家有矛盾' } },
      coordinator,
    );
    expect(rejected.data.rejectProposal.proposal).toMatchObject({
      status: 'REJECTED',
      decisionReason: '两家有矛盾',
      need: { status: 'OPEN' },
    });

    // The next run does not offer the same helper for the same need again.
    const next = await createRun(db.dataSource.manager, township, false, 'test');
    await executeRun(db.dataSource, next.id);
    const again = await db.dataSource.query(
      'SELECT count(*)::int AS n FROM match_proposal WHERE run_id = $1 AND need_id = $2 AND helper_id = $3',
      [next.id, idOf(target.need.id), idOf(target.helper.id)],
    );
    expect(again[0].n).toBe(0);
  });

  it("shows a village coordinator the township run, but only their own village's proposals", async () => {
    const village = await api.token(Role.COORDINATOR, villages[0].id);
    const run = await api.gql(RUN, { id: runId }, village);
    expect(run.data.matchRun.status).toBe('SUCCEEDED');
    const query =
      'query ($run: ID!) { proposals(runId: $run, first: 100) { totalCount edges { node { need { region { ancestry { id } } } } } } }';
    const own = await api.gql(query, { run: runId }, village);
    const all = await api.gql(query, { run: runId }, coordinator);
    expect(own.data.proposals.totalCount).toBeGreaterThan(0);
    expect(own.data.proposals.totalCount).toBeLessThan(all.data.proposals.totalCount);
    for (const edge of own.data.proposals.edges)
      expect(edge.node.need.region.ancestry.map((r: any) => r.id)).toContain(villages[0].globalId);
    const stranger = await api.token(Role.COORDINATOR, crypto.randomUUID());
    expect((await api.gql(RUN, { id: runId }, stranger)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("changes nothing on a dry run, not even the earlier run's pending proposals", async () => {
    const [{ n: pending }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM match_proposal WHERE status = 'PROPOSED'`,
    );
    const [{ n: open }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM need WHERE status = 'OPEN'`);
    expect(pending).toBeGreaterThan(0);
    expect(open).toBeGreaterThan(0);
    const before = await everythingBut();
    const run = await createRun(db.dataSource.manager, township, true, 'test');
    const finished = await executeRun(db.dataSource, run.id);
    expect(finished.status).toBe('SUCCEEDED');
    const [{ n: proposed }] = await db.dataSource.query(
      'SELECT count(*)::int AS n FROM match_proposal WHERE run_id = $1',
      [run.id],
    );
    expect(proposed).toBeGreaterThan(0);
    expect(await everythingBut(run.id)).toEqual(before);
  });

  it('measures distance on the seeded places: houses and group centres, kin free of it, others within their radius', async () => {
    const run = await createRun(db.dataSource.manager, township, true, 'test');
    await executeRun(db.dataSource, run.id);
    const rows: { tier: string; distance: number; radius: number; helper_km: number }[] = await db.dataSource.query(
      `SELECT p.tier, (p.cost->>'distance')::float AS distance, h.travel_radius_km AS radius,
              -- the great-circle distance between the elder's house and the helper's house, recomputed here
              6371 * 2 * asin(sqrt(power(sin(radians(hh.latitude - eh.latitude) / 2), 2)
                + cos(radians(eh.latitude)) * cos(radians(hh.latitude)) * power(sin(radians(hh.longitude - eh.longitude) / 2), 2))) AS helper_km
         FROM match_proposal p JOIN need n ON n.id = p.need_id JOIN person e ON e.id = n.elder_id JOIN household eh ON eh.id = e.household_id
         JOIN helper h ON h.id = p.helper_id JOIN person hp ON hp.id = h.person_id JOIN household hh ON hh.id = hp.household_id
        WHERE p.run_id = $1 AND h.latitude IS NULL`,
      [run.id],
    );
    expect(rows.length).toBeGreaterThan(10);
    const nonKin = rows.filter((row) => row.tier !== 'KIN');
    expect(nonKin.some((row) => row.distance > 0)).toBe(true);
    for (const row of nonKin) {
      expect(row.distance).toBeCloseTo(row.helper_km, 1);
      expect(row.helper_km).toBeLessThanOrEqual(row.radius + 1e-6);
    }
    for (const row of rows.filter((r) => r.tier === 'KIN')) expect(row.distance).toBe(0);
    // The seeded party members' 包帮 pairings form their own ring.
    const [{ cadre }] = await db.dataSource.query(
      `SELECT count(*)::int AS cadre FROM match_proposal p JOIN relationship t ON t.kind = 'CADRE_PAIRING'
         JOIN need n ON n.id = p.need_id JOIN helper h ON h.id = p.helper_id
        WHERE p.run_id = $1 AND p.tier = 'CADRE'
          AND ((t.person_a_id = n.elder_id AND t.person_b_id = h.person_id) OR (t.person_b_id = n.elder_id AND t.person_a_id = h.person_id))`,
      [run.id],
    );
    expect(cadre).toBeGreaterThan(0);
  });

  it("lists the coordinator's queue of unmet needs with reason and escalation", async () => {
    // What the latest live run of the township left unmet, of the needs still OPEN.
    const expected: { need_id: string; missing: number; reason: string; escalation: string }[] =
      await db.dataSource.query(
        `SELECT u.need_id, u.missing, u.reason, u.escalation FROM match_unmet u JOIN need n ON n.id = u.need_id
        WHERE n.status = 'OPEN' AND u.run_id = (SELECT id FROM match_run WHERE region_id = $1 AND NOT dry_run AND status = 'SUCCEEDED' ORDER BY created_at DESC LIMIT 1)
        ORDER BY u.need_id`,
        [township.id],
      );
    expect(expected.length).toBeGreaterThan(0);
    const response = await api.gql(
      'query ($r: ID!) { unmetNeeds(regionId: $r, first: 100) { totalCount edges { node { missing reason escalation need { id status } run { dryRun region { id } } } } } }',
      { r: township.globalId },
      coordinator,
    );
    expect(response.errors).toBeUndefined();
    const queue = response.data.unmetNeeds.edges.map((edge: any) => edge.node);
    // The queue is a page of at most 100; each entry is one of the run's.
    expect(response.data.unmetNeeds.totalCount).toBe(expected.length);
    expect(queue.length).toBe(Math.min(expected.length, 100));
    const byNeed = new Map(expected.map((row) => [row.need_id, row]));
    for (const entry of queue) {
      expect(byNeed.get(idOf(entry.need.id))).toEqual({
        need_id: idOf(entry.need.id),
        missing: entry.missing,
        reason: entry.reason,
        escalation: entry.escalation,
      });
    }
    expect(new Set(queue.map((e: any) => e.need.id)).size).toBe(queue.length);
    for (const entry of queue) {
      expect(entry.need.status).toBe('OPEN');
      expect(entry.run).toEqual({ dryRun: false, region: { id: township.globalId } });
      expect(['ORGANISATION_RING', 'COORDINATOR_QUEUE']).toContain(entry.escalation);
      expect(entry.missing).toBeGreaterThan(0);
    }
  });
});

function idOf(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
}

describe('the matching policy', () => {
  const POLICY = `mutation ($input: UpdateMatchingPolicyInput!) { updateMatchingPolicy(input: $input) { matchingPolicy { tierCost { NEIGHBOUR } isDefault } errors { field code } } }`;
  const policy = (extra: Record<string, unknown> = {}) => ({
    tierCost: { KIN: 0, NEIGHBOUR: 2, VILLAGE: 18, ORGANISATION: 40 },
    workload: [
      { upToShare: 0.5, perMinute: 0.01 },
      { upToShare: 1, perMinute: 0.1 },
    ],
    organisationPerMinute: 0.02,
    perKm: 1,
    continuityBonus: 5,
    preferenceBonus: 8,
    unmetBase: 1000,
    unmetPerPriority: 10,
    maxKinDegree: 3,
    maxCandidatesPerNeed: 8,
    ...extra,
  });

  it('is the documented default until the county changes it; a run snapshots it', async () => {
    const county = await db.dataSource.manager.findOneByOrFail(Region, { id: township.countyId });
    const official = await api.token(Role.COUNTY_OFFICIAL, county.id);
    const read = await api.gql(
      'query ($c: ID!) { matchingPolicy(countyId: $c) { tierCost { KIN NEIGHBOUR VILLAGE ORGANISATION } isDefault } }',
      { c: county.globalId },
      official,
    );
    expect(read.data.matchingPolicy).toEqual({
      tierCost: { KIN: 0, NEIGHBOUR: 6, VILLAGE: 18, ORGANISATION: 40 },
      isDefault: true,
    });

    const before = await snapshot(db.dataSource);
    const convexOnly = await api.gql(
      POLICY,
      {
        input: {
          countyId: county.globalId,
          ...policy({
            workload: [
              { upToShare: 0.5, perMinute: 0.1 },
              { upToShare: 1, perMinute: 0.01 },
            ],
          }),
        },
      },
      official,
    );
    expect(convexOnly.data.updateMatchingPolicy.errors).toEqual([{ field: 'workload.1', code: 'OUT_OF_RANGE' }]);
    expect(await snapshot(db.dataSource)).toEqual(before);

    const updated = await api.gql(POLICY, { input: { countyId: county.globalId, ...policy() } }, official);
    expect(updated.data.updateMatchingPolicy).toEqual({
      matchingPolicy: { tierCost: { NEIGHBOUR: 2 }, isDefault: false },
      errors: [],
    });
    const run = await createRun(db.dataSource.manager, township, true, 'test');
    await executeRun(db.dataSource, run.id);
    const [{ policy: snapshotted }] = await db.dataSource.query('SELECT policy FROM match_run WHERE id = $1', [run.id]);
    expect(snapshotted.tierCost.NEIGHBOUR).toBe(2);
    expect(snapshotted.coverage).toBe('BANDS_FIRST');

    const headcount = await api.gql(
      POLICY.replace('isDefault }', 'isDefault coverage }'),
      { input: { countyId: county.globalId, ...policy({ coverage: 'HEADCOUNT', perHelperOfElder: null }) } },
      official,
    );
    expect(headcount.data.updateMatchingPolicy.matchingPolicy).toMatchObject({ coverage: 'HEADCOUNT' });
    const [{ matching: stored }] = await db.dataSource.query(
      'SELECT matching FROM county_policy WHERE county_id = $1',
      [county.id],
    );
    expect(stored).not.toHaveProperty('perHelperOfElder');
    const negative = await api.gql(
      POLICY,
      { input: { countyId: county.globalId, ...policy({ perHelperOfElder: -1 }) } },
      official,
    );
    expect(negative.data.updateMatchingPolicy.errors).toEqual([{ field: 'perHelperOfElder', code: 'OUT_OF_RANGE' }]);

    const RESET = `mutation ($input: ResetMatchingPolicyInput!) { resetMatchingPolicy(input: $input) { matchingPolicy { tierCost { NEIGHBOUR } coverage isDefault } errors { field } } }`;
    const coordinatorToken = await api.token(Role.COORDINATOR, township.id);
    const refused = await api.gql(RESET, { input: { countyId: county.globalId } }, coordinatorToken);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const reset = await api.gql(RESET, { input: { countyId: county.globalId } }, official);
    expect(reset.data.resetMatchingPolicy).toEqual({
      matchingPolicy: { tierCost: { NEIGHBOUR: 6 }, coverage: 'BANDS_FIRST', isDefault: true },
      errors: [],
    });
  });
});

describe('a run focused on one need', () => {
  it("re-solves only that need's component and leaves every other pending proposal as it was", async () => {
    const village = villages[0];
    const [{ id: focus }] = await db.dataSource.query(
      `SELECT n.id FROM need n JOIN region r ON r.id = n.region_id WHERE $1 = ANY(r.path) AND n.status IN ('OPEN', 'PROPOSED') ORDER BY n.id LIMIT 1`,
      [village.id],
    );
    const pendingBefore: { id: string; need_id: string }[] = await db.dataSource.query(
      `SELECT id, need_id FROM match_proposal WHERE status = 'PROPOSED' ORDER BY id`,
    );
    const [{ n: villageNeeds }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM need n JOIN region r ON r.id = n.region_id WHERE $1 = ANY(r.path) AND n.status IN ('OPEN', 'PROPOSED')`,
      [village.id],
    );
    const started = await api.gql(
      START,
      { input: { regionId: village.globalId, needId: toGlobalId('Need', focus) } },
      coordinator,
    );
    expect(started.data.startMatchRun.errors).toEqual([]);
    const run = await waitForRun(started.data.startMatchRun.run.id, coordinator);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.metrics.needs).toBeGreaterThan(0);
    expect(run.metrics.needs).toBeLessThan(villageNeeds);
    const runId = idOf(run.id);
    const touched: { need_id: string }[] = await db.dataSource.query(
      'SELECT need_id FROM match_proposal WHERE run_id = $1 UNION SELECT need_id FROM match_unmet WHERE run_id = $1',
      [runId],
    );
    const component = new Set(touched.map((row) => row.need_id));
    expect(component.has(focus)).toBe(true);
    const untouched = pendingBefore.filter((p) => !component.has(p.need_id));
    const stillPending: { id: string }[] = await db.dataSource.query(
      `SELECT id FROM match_proposal WHERE status = 'PROPOSED' AND id = ANY($1) ORDER BY id`,
      [untouched.map((p) => p.id)],
    );
    expect(stillPending.map((p) => p.id)).toEqual(untouched.map((p) => p.id));
    const read = await api.gql(
      'query ($id: ID!) { matchRun(id: $id) { focusNeed { id } } }',
      { id: run.id },
      coordinator,
    );
    expect(read.data.matchRun.focusNeed).toEqual({ id: toGlobalId('Need', focus) });
    const elsewhere = await api.gql(
      START,
      { input: { regionId: villages[1].globalId, needId: toGlobalId('Need', focus) } },
      coordinator,
    );
    expect(elsewhere.data.startMatchRun.errors).toEqual([{ field: 'needId', code: 'NOT_FOUND' }]);
    const [{ status: was }] = await db.dataSource.query('SELECT status FROM need WHERE id = $1', [focus]);
    await db.dataSource.query(`UPDATE need SET status = 'CLOSED' WHERE id = $1`, [focus]);
    const closed = await api.gql(
      START,
      { input: { regionId: village.globalId, needId: toGlobalId('Need', focus) } },
      coordinator,
    );
    expect(closed.data.startMatchRun.errors).toEqual([{ field: 'needId', code: 'CONFLICT' }]);
    await db.dataSource.query('UPDATE need SET status = $2 WHERE id = $1', [focus, was]);
  });
});

describe('the list of runs', () => {
  it('is newest first, pages without gaps or repeats, and filters by status', async () => {
    const LIST = `query ($after: String, $status: [MatchRunStatus!]) {
      matchRuns(first: 2, after: $after, status: $status) { edges { node { id status createdAt } } pageInfo { hasNextPage endCursor } totalCount } }`;
    // Queued ones too: a failed run and a queued run beside the finished ones of the tests above.
    const queued = await createRun(db.dataSource.manager, township, true, 'test');
    const read: { id: string; status: string; createdAt: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await api.gql(LIST, { after }, coordinator);
      read.push(...page.data.matchRuns.edges.map((edge: any) => edge.node));
      if (!page.data.matchRuns.pageInfo.hasNextPage) break;
      after = page.data.matchRuns.pageInfo.endCursor;
    }
    const rows: { id: string; created_at: Date }[] = await db.dataSource.query(
      'SELECT id, created_at FROM match_run ORDER BY created_at DESC, id DESC',
    );
    expect(rows.length).toBeGreaterThan(3);
    expect(read.map((run) => idOf(run.id))).toEqual(rows.map((row) => row.id));
    expect(idOf(read[0].id)).toBe(queued.id);

    const onlyQueued: any = await api.gql(LIST, { status: ['QUEUED'] }, coordinator);
    expect(onlyQueued.data.matchRuns.edges.map((edge: any) => edge.node.status)).toEqual(['QUEUED']);
    expect(onlyQueued.data.matchRuns.totalCount).toBe(1);
    const foreign = await api.gql(LIST, { after: 'bm90LWEtY3Vyc29y' }, coordinator);
    expect(foreign.errors?.[0]?.extensions?.argument).toBe('after');
  });
});

describe('following a run over graphql-ws', () => {
  it("streams a run's progress to a real WebSocket client until it ends", async () => {
    const { createClient } = await import('graphql-ws');
    const { default: WebSocket } = await import('ws');
    const started = await api.gql(
      'mutation ($input: StartMatchRunInput!) { startMatchRun(input: $input) { run { id } errors { code } } }',
      { input: { regionId: villages[1].globalId, dryRun: true } },
      coordinator,
    );
    const runId = started.data.startMatchRun.run.id;
    const client = createClient({
      url: api.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${coordinator}` },
      retryAttempts: 0,
    });
    const seen: { status: string; progress: number }[] = [];
    try {
      for await (const event of client.iterate<{ matchRunProgress: { status: string; progress: number } }>({
        query: 'subscription ($id: ID!) { matchRunProgress(runId: $id) { status progress } }',
        variables: { id: runId },
      })) {
        expect(event.errors).toBeUndefined();
        seen.push(event.data!.matchRunProgress);
      }
    } finally {
      await client.dispose();
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toEqual({ status: 'SUCCEEDED', progress: 1 });

    const stranger = createClient({
      url: api.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: {},
      retryAttempts: 0,
    });
    try {
      const iterator = stranger.iterate({
        query: 'subscription ($id: ID!) { matchRunProgress(runId: $id) { status } }',
        variables: { id: runId },
      });
      const first = await iterator.next();
      expect((first.value as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    } finally {
      await stranger.dispose();
    }
  });
});

describe("the coordinator's queue on a village built to leave one need unmet", () => {
  it('holds exactly that need, with its reason, escalation and run; the served need is not in it', async () => {
    const small = await insertSmallCounty(db.dataSource, '990001');
    const villageCoordinator = await api.token(Role.COORDINATOR, small.villageA.id);
    const alone = await insertPerson(db.dataSource, small.groupA, { name: '孤老甲', birthYear: 1936 });
    const served = await insertPerson(db.dataSource, small.groupA, { name: '老人乙', birthYear: 1940 });
    const volunteer = await insertPerson(db.dataSource, small.groupA, {
      name: '志愿者丙',
      birthYear: 1975,
      selfCareLevel: null,
    });
    // One villager helper who delivers meals, every day all day; nobody offers counselling.
    const helperId = crypto.randomUUID();
    await db.dataSource.query(
      `INSERT INTO helper (id, county_id, kind, person_id, region_id, service_types, weekly_minutes, max_elders, consent)
       VALUES ($1, $2, 'PERSON', $3, $4, '{MEAL_DELIVERY}', 600, 3, true)`,
      [helperId, small.county.id, volunteer.id, volunteer.regionId],
    );
    for (let weekday = 1; weekday <= 7; weekday += 1) {
      await db.dataSource.query(
        `INSERT INTO helper_availability (helper_id, weekday, window_start, window_end) VALUES ($1, $2, '07:00', '20:00')`,
        [helperId, weekday],
      );
    }
    const createNeed = async (elderId: string, serviceType: string) => {
      const response = await api.gql(
        'mutation ($input: CreateNeedInput!) { createNeed(input: $input) { need { id } errors { field code } } }',
        {
          input: {
            elderId: toGlobalId('Person', elderId),
            serviceType,
            minutesPerOccurrence: 30,
            startDate: '2026-12-01',
            recurrence: { kind: 'WEEKLY', weekdays: [1, 3, 5], windowStart: '11:00', windowEnd: '12:30' },
          },
        },
        villageCoordinator,
      );
      expect(response.data.createNeed.errors).toEqual([]);
      return response.data.createNeed.need.id as string;
    };
    const unmetNeed = await createNeed(alone.id, 'COUNSELLING');
    const servedNeed = await createNeed(served.id, 'MEAL_DELIVERY');

    const QUEUE =
      'query ($r: ID!) { unmetNeeds(regionId: $r, first: 100) { edges { node { missing reason escalation need { id status serviceType } run { id dryRun } } } } }';
    const nodes = (response: any) => response.data.unmetNeeds.edges.map((edge: any) => edge.node);
    expect(nodes(await api.gql(QUEUE, { r: small.villageA.globalId }, villageCoordinator))).toEqual([]);

    const started = await api.gql(START, { input: { regionId: small.villageA.globalId } }, villageCoordinator);
    expect(started.data.startMatchRun.errors).toEqual([]);
    const run = await waitForRun(started.data.startMatchRun.run.id, villageCoordinator);
    expect(run.status).toBe('SUCCEEDED');

    const queue = await api.gql(QUEUE, { r: small.villageA.globalId }, villageCoordinator);
    expect(queue.errors).toBeUndefined();
    expect(nodes(queue)).toEqual([
      {
        missing: 1,
        reason: 'NO_CANDIDATE',
        escalation: 'COORDINATOR_QUEUE',
        need: { id: unmetNeed, status: 'OPEN', serviceType: 'COUNSELLING' },
        run: { id: run.id, dryRun: false },
      },
    ]);
    const proposed = await api.gql(
      'query ($id: ID!) { need(id: $id) { status } }',
      { id: servedNeed },
      villageCoordinator,
    );
    expect(proposed.data.need.status).toBe('PROPOSED');
    // Village B's queue, and the seeded township's, do not hold it.
    expect(
      nodes(await api.gql(QUEUE, { r: small.villageB.globalId }, await api.token(Role.COORDINATOR, small.villageB.id))),
    ).toEqual([]);
    const seeded = nodes(await api.gql(QUEUE, { r: villages[0].globalId }, coordinator));
    expect(seeded.map((e: any) => e.need.id)).not.toContain(unmetNeed);
  });
});
