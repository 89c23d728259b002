import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/role.ts';
import { toGlobalId } from '../../../src/common/global-id.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { insertPerson, insertSmallCounty, type SmallCounty } from '../../support/fixtures.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';

/**
 * Writes that consume a helper's capacity, raced over real HTTP: the helper's row is locked for
 * each, so the room checked is the room written into, and a lost race is a CONFLICT in the
 * payload, never an internal error.
 */
let db: TestDatabase;
let api: TestServer;
let county: SmallCounty;
let coordinator: string;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db);
  county = await insertSmallCounty(db.dataSource);
  coordinator = await api.token(Role.COORDINATOR, county.villageA.id);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

/** A helper with room for `maxElders` elders, and one proposal of theirs for each of `elders` elders' needs. */
async function helperWithProposals(
  maxElders: number,
  elders: number,
): Promise<{ helperId: string; proposalIds: string[] }> {
  const helperPerson = await insertPerson(db.dataSource, county.groupA, {
    name: '王志强',
    birthYear: 1975,
    selfCareLevel: null,
  });
  const helperId = crypto.randomUUID();
  await db.dataSource.query(
    `INSERT INTO helper (id, county_id, kind, person_id, region_id, service_types, weekly_minutes, max_elders, consent)
     VALUES ($1, $2, 'PERSON', $3, $4, '{VISIT_CHECK}', 600, $5, true)`,
    [helperId, county.county.id, helperPerson.id, county.groupA.id, maxElders],
  );
  const runId = crypto.randomUUID();
  await db.dataSource.query(
    `INSERT INTO match_run (id, county_id, region_id, dry_run, status, progress, requested_by, lease_until, finished_at)
     VALUES ($1, $2, $3, false, 'SUCCEEDED', 1, 'test', now(), now())`,
    [runId, county.county.id, county.villageA.id],
  );
  const proposalIds: string[] = [];
  for (let i = 0; i < elders; i += 1) {
    const elder = await insertPerson(db.dataSource, county.groupA, { name: `老人${i}` });
    const needId = crypto.randomUUID();
    await db.dataSource.query(
      `INSERT INTO need (id, county_id, region_id, elder_id, service_type, minutes_per_occurrence, recurrence, weekdays, window_start, window_end, start_date, entry_channel, entered_by, status)
       VALUES ($1, $2, $3, $4, 'VISIT_CHECK', 30, 'WEEKLY', '{1,3}', '09:00', '11:00', '2026-12-01', 'APP', 'test', 'PROPOSED')`,
      [needId, county.county.id, county.groupA.id, elder.id],
    );
    const proposalId = crypto.randomUUID();
    await db.dataSource.query(
      `INSERT INTO match_proposal (id, run_id, county_id, region_id, need_id, helper_id, tier, cost, runners_up)
       VALUES ($1, $2, $3, $4, $5, $6, 'NEIGHBOUR', '{"total": 6}', '[]')`,
      [proposalId, runId, county.county.id, county.groupA.id, needId, helperId],
    );
    proposalIds.push(proposalId);
  }
  return { helperId, proposalIds };
}

const CONFIRM = `mutation ($input: DecideProposalInput!) { confirmProposal(input: $input) { proposal { status } errors { field code message } } }`;

describe('racing writes on one helper', () => {
  it('four parallel confirmations for a helper with room for one elder: one succeeds, three are conflicts', async () => {
    const { helperId, proposalIds } = await helperWithProposals(1, 4);
    const responses = await Promise.all(
      proposalIds.map((id) => api.gql(CONFIRM, { input: { proposalId: toGlobalId('Proposal', id) } }, coordinator)),
    );
    expect(responses.map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined]);
    const outcomes = responses.map((r) => r.data.confirmProposal);
    expect(outcomes.filter((o) => o.proposal?.status === 'CONFIRMED')).toHaveLength(1);
    const refused = outcomes.filter((o) => o.proposal === null);
    expect(refused).toHaveLength(3);
    for (const outcome of refused)
      expect(outcome.errors).toEqual([
        { field: 'proposalId', code: 'CONFLICT', message: 'The helper has no room left for this need' },
      ]);
    const [load] = await db.dataSource.query(
      `SELECT count(DISTINCT elder_id)::int AS elders FROM assignment WHERE helper_id = $1 AND status = 'ACTIVE'`,
      [helperId],
    );
    expect(load.elders).toBe(1);
  });

  it('two racing confirmations of the same proposal: one succeeds, the other is a conflict, not a 500', async () => {
    const { helperId, proposalIds } = await helperWithProposals(3, 1);
    const input = { proposalId: toGlobalId('Proposal', proposalIds[0]) };
    const responses = await Promise.all([
      api.gql(CONFIRM, { input }, coordinator),
      api.gql(CONFIRM, { input }, coordinator),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(responses.map((r) => r.errors)).toEqual([undefined, undefined]);
    const outcomes = responses.map((r) => r.data.confirmProposal).sort((a) => (a.proposal ? -1 : 1));
    expect(outcomes[0]).toEqual({ proposal: { status: 'CONFIRMED' }, errors: [] });
    expect(outcomes[1].proposal).toBeNull();
    expect(outcomes[1].errors).toEqual([
      { field: 'proposalId', code: 'CONFLICT', message: 'This proposal is already CONFIRMED' },
    ]);
    const [assignments] = await db.dataSource.query(`SELECT count(*)::int AS n FROM assignment WHERE helper_id = $1`, [
      helperId,
    ]);
    expect(assignments.n).toBe(1);
  });
});
