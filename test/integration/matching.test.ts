import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { createRun, executeRun } from '../../src/modules/matching/match-run.service.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { snapshot } from '../support/snapshot.ts';

let db: TestDatabase;
let api: TestServer;
let township: Region;
let villages: Region[];
let coordinator: string;

const RUN = 'query ($id: ID!) { matchRun(id: $id) { id status progress dryRun error metrics { needs helpers arcs components coverage tierMix unmetByReason objective lpBound } } }';
const PROPOSALS = `query ($run: ID!, $status: ProposalStatus) { proposals(runId: $run, status: $status, first: 100) { totalCount edges { node {
  id tier status safetyNet need { id status serviceType helpersNeeded } helper { id kind load { committedMinutes } }
  explanation { tier summary cost { tier workload total } runnersUp { tier reason } } } } } }`;

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
  api = await startTestServer(db);
  await seedCounty(db.dataSource, { villages: 2, seed: 5 });
  township = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'TOWNSHIP' as never });
  villages = await db.dataSource.manager.findBy(Region, { kind: 'VILLAGE' as never });
  coordinator = await api.token(Role.COORDINATOR, township.id);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

describe('a match run from GraphQL', () => {
  let runId: string;
  let proposals: any[];

  it('runs on a worker thread and records metrics', async () => {
    const started = await api.gql('mutation ($input: StartMatchRunInput!) { startMatchRun(input: $input) { run { id status } errors { field code } } }',
      { input: { regionId: township.globalId } }, coordinator);
    expect(started.data.startMatchRun.errors).toEqual([]);
    runId = started.data.startMatchRun.run.id;
    const run = await waitForRun(runId, coordinator);
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
      expect(p.explanation.summary).toContain(p.tier);
      expect(typeof p.explanation.cost.total).toBe('number');
    }
  });

  it('lets the coordinator confirm: an assignment that counts as load and is kept by the next run', async () => {
    const single = proposals.find((p) => p.need.helpersNeeded === 1 && !p.safetyNet)!;
    const confirmed = await api.gql('mutation ($input: DecideProposalInput!) { confirmProposal(input: $input) { proposal { status decidedBy need { status } helper { load { committedMinutes } } } errors { field code } } }',
      { input: { proposalId: single.id, reason: '老人同意' } }, coordinator);
    expect(confirmed.data.confirmProposal.errors).toEqual([]);
    expect(confirmed.data.confirmProposal.proposal).toMatchObject({ status: 'CONFIRMED', decidedBy: 'test:coordinator', need: { status: 'MATCHED' } });
    expect(confirmed.data.confirmProposal.proposal.helper.load.committedMinutes).toBeGreaterThan(single.helper.load.committedMinutes);

    const again = await api.gql('mutation ($input: DecideProposalInput!) { confirmProposal(input: $input) { errors { field code } } }', { input: { proposalId: single.id } }, coordinator);
    expect(again.data.confirmProposal.errors).toEqual([{ field: 'proposalId', code: 'CONFLICT' }]);

    const next = await createRun(db.dataSource.manager, township, false, 'test');
    await executeRun(db.dataSource, next.id);
    const kept = await db.dataSource.query('SELECT count(*)::int AS n FROM match_proposal WHERE run_id = $1 AND need_id = $2', [next.id, idOf(single.need.id)]);
    expect(kept[0].n).toBe(0);
    const superseded = await db.dataSource.query(`SELECT count(*)::int AS n FROM match_proposal WHERE run_id = $1 AND status = 'SUPERSEDED'`, [idOf(runId)]);
    expect(superseded[0].n).toBeGreaterThan(0);
  });

  it('wants a reason to reject, and reopens the need when it gets one', async () => {
    const latest = (await db.dataSource.query(`SELECT id FROM match_run ORDER BY created_at DESC LIMIT 1`))[0].id;
    const response = await api.gql(PROPOSALS, { run: toGlobalId('MatchRun', latest), status: 'PROPOSED' }, coordinator);
    const target = response.data.proposals.edges.map((e: any) => e.node).find((p: any) => p.need.helpersNeeded === 1)!;
    const before = await snapshot(db.dataSource);
    const refused = await api.gql('mutation ($input: DecideProposalInput!) { rejectProposal(input: $input) { errors { field code } } }', { input: { proposalId: target.id } }, coordinator);
    expect(refused.data.rejectProposal.errors).toEqual([{ field: 'reason', code: 'REQUIRED' }]);
    expect(await snapshot(db.dataSource)).toEqual(before);
    const rejected = await api.gql('mutation ($input: DecideProposalInput!) { rejectProposal(input: $input) { proposal { status decisionReason need { status history { to reason } } } errors { field } } }',
      { input: { proposalId: target.id, reason: '两家有矛盾' } }, coordinator);
    expect(rejected.data.rejectProposal.proposal).toMatchObject({ status: 'REJECTED', decisionReason: '两家有矛盾', need: { status: 'OPEN' } });

    // The next run does not offer the same helper for the same need again.
    const next = await createRun(db.dataSource.manager, township, false, 'test');
    await executeRun(db.dataSource, next.id);
    const again = await db.dataSource.query('SELECT count(*)::int AS n FROM match_proposal WHERE run_id = $1 AND need_id = $2 AND helper_id = $3',
      [next.id, idOf(target.need.id), idOf(target.helper.id)]);
    expect(again[0].n).toBe(0);
  });

  it('shows a village coordinator the township run, but only their own village\'s proposals', async () => {
    const village = await api.token(Role.COORDINATOR, villages[0].id);
    const run = await api.gql(RUN, { id: runId }, village);
    expect(run.data.matchRun.status).toBe('SUCCEEDED');
    const query = 'query ($run: ID!) { proposals(runId: $run, first: 100) { totalCount edges { node { need { region { ancestry { id } } } } } } }';
    const own = await api.gql(query, { run: runId }, village);
    const all = await api.gql(query, { run: runId }, coordinator);
    expect(own.data.proposals.totalCount).toBeGreaterThan(0);
    expect(own.data.proposals.totalCount).toBeLessThan(all.data.proposals.totalCount);
    for (const edge of own.data.proposals.edges) expect(edge.node.need.region.ancestry.map((r: any) => r.id)).toContain(villages[0].globalId);
    const stranger = await api.token(Role.COORDINATOR, crypto.randomUUID());
    expect((await api.gql(RUN, { id: runId }, stranger)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('changes nothing on a dry run', async () => {
    const statuses = () => db.dataSource.query(`SELECT status, count(*)::int AS n FROM need GROUP BY status ORDER BY status::text`);
    const before = await statuses();
    const run = await createRun(db.dataSource.manager, township, true, 'test');
    const finished = await executeRun(db.dataSource, run.id);
    expect(finished.status).toBe('SUCCEEDED');
    expect(await statuses()).toEqual(before);
  });

  it('lists the coordinator\'s queue of unmet needs with reason and escalation', async () => {
    const response = await api.gql('query ($r: ID!) { unmetNeeds(regionId: $r) { missing reason escalation need { status } } }', { r: township.globalId }, coordinator);
    expect(response.errors).toBeUndefined();
    for (const entry of response.data.unmetNeeds) {
      expect(entry.need.status).toBe('OPEN');
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
    workload: [{ upToShare: 0.5, perMinute: 0.01 }, { upToShare: 1, perMinute: 0.1 }],
    organisationPerMinute: 0.02, perKm: 1, continuityBonus: 5, preferenceBonus: 8, unmetBase: 1000, unmetPerPriority: 10,
    maxKinDegree: 3, maxCandidatesPerNeed: 8, ...extra,
  });

  it('is the documented default until the county changes it; a run snapshots it', async () => {
    const county = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'COUNTY' as never });
    const official = await api.token(Role.COUNTY_OFFICIAL, county.id);
    const read = await api.gql('query ($c: ID!) { matchingPolicy(countyId: $c) { tierCost { KIN NEIGHBOUR VILLAGE ORGANISATION } isDefault } }', { c: county.globalId }, official);
    expect(read.data.matchingPolicy).toEqual({ tierCost: { KIN: 0, NEIGHBOUR: 6, VILLAGE: 18, ORGANISATION: 40 }, isDefault: true });

    const before = await snapshot(db.dataSource);
    const convexOnly = await api.gql(POLICY, { input: { countyId: county.globalId, ...policy({ workload: [{ upToShare: 0.5, perMinute: 0.1 }, { upToShare: 1, perMinute: 0.01 }] }) } }, official);
    expect(convexOnly.data.updateMatchingPolicy.errors).toEqual([{ field: 'workload.1', code: 'OUT_OF_RANGE' }]);
    expect(await snapshot(db.dataSource)).toEqual(before);

    const updated = await api.gql(POLICY, { input: { countyId: county.globalId, ...policy() } }, official);
    expect(updated.data.updateMatchingPolicy).toEqual({ matchingPolicy: { tierCost: { NEIGHBOUR: 2 }, isDefault: false }, errors: [] });
    const run = await createRun(db.dataSource.manager, township, true, 'test');
    await executeRun(db.dataSource, run.id);
    const [{ policy: snapshotted }] = await db.dataSource.query('SELECT policy FROM match_run WHERE id = $1', [run.id]);
    expect(snapshotted.tierCost.NEIGHBOUR).toBe(2);
  });
});

describe('following a run over graphql-ws', () => {
  it('streams a run\'s progress to a real WebSocket client until it ends', async () => {
    const { createClient } = await import('graphql-ws');
    const { default: WebSocket } = await import('ws');
    const started = await api.gql('mutation ($input: StartMatchRunInput!) { startMatchRun(input: $input) { run { id } errors { code } } }',
      { input: { regionId: villages[1].globalId, dryRun: true } }, coordinator);
    const runId = started.data.startMatchRun.run.id;
    const client = createClient({ url: api.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${coordinator}` }, retryAttempts: 0 });
    const seen: { status: string; progress: number }[] = [];
    try {
      for await (const event of client.iterate<{ matchRunProgress: { status: string; progress: number } }>({
        query: 'subscription ($id: ID!) { matchRunProgress(runId: $id) { status progress } }', variables: { id: runId },
      })) {
        expect(event.errors).toBeUndefined();
        seen.push(event.data!.matchRunProgress);
      }
    } finally {
      await client.dispose();
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toEqual({ status: 'SUCCEEDED', progress: 1 });

    const stranger = createClient({ url: api.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: {}, retryAttempts: 0 });
    try {
      const iterator = stranger.iterate({ query: 'subscription ($id: ID!) { matchRunProgress(runId: $id) { status } }', variables: { id: runId } });
      const first = await iterator.next();
      expect((first.value as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    } finally {
      await stranger.dispose();
    }
  });
});
