import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { createRun, executeRun } from '../../src/modules/matching/match-run.service.ts';
import { loadComponent } from '../../src/modules/matching/focused-run.ts';
import { loadMatchInput } from '../../src/modules/matching/match-input.ts';
import { componentOf } from '../../src/matching/engine.ts';
import { today } from '../../src/common/time.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Minutes, not nights: with HUZHU_AUTO_MATCH on (the default outside tests), a need entered or
 * reopened during the day queues a run focused on it, which a worker solves at once; the
 * confirmed care of others stays as it is.
 */
let db: TestDatabase;
let api: TestServer;
let township: Region;
let coordinator: string;

const CREATE_NEED = `mutation ($input: CreateNeedInput!) { createNeed(input: $input) { need { id status } errors { field code message } } }`;
const NEED = `query ($id: ID!) { need(id: $id) { id status } proposals(needId: $id, first: 5) { edges { node { id status helper { id } } } } }`;

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 2, seed: 11 });
  township = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'TOWNSHIP' as never });
  // The night before: the township's run, and one proposal confirmed.
  const night = await createRun(db.dataSource.manager, township, false, 'nightly:test');
  expect((await executeRun(db.dataSource, night.id)).status).toBe('SUCCEEDED');
  api = await startTestServer(db, { HUZHU_AUTO_MATCH: 'on' }, { worker: true });
  coordinator = await api.token(Role.COORDINATOR, township.id);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

/** Polls the need until a proposal names it or its run says it is unmet; returns the milliseconds it took. */
async function untilAnswered(needGlobalId: string, since: number): Promise<{ ms: number; proposals: any[] }> {
  for (let i = 0; i < 1200; i += 1) {
    const response = await api.gql(NEED, { id: needGlobalId }, coordinator);
    const proposals = response.data.proposals.edges.map((edge: any) => edge.node);
    if (proposals.length > 0) return { ms: performance.now() - since, proposals };
    const [{ done }] = await db.dataSource.query(
      `SELECT count(*)::int AS done FROM match_run WHERE focus_need_id = $1 AND status IN ('SUCCEEDED', 'FAILED')`,
      [rawId(needGlobalId)],
    );
    if (done > 0) {
      // Read again: the run may have finished after the proposals above were read.
      const last = await api.gql(NEED, { id: needGlobalId }, coordinator);
      return { ms: performance.now() - since, proposals: last.data.proposals.edges.map((edge: any) => edge.node) };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no run answered the need');
}

describe('a need entered during the day', () => {
  it('gets a proposal from a run focused on it, and the care already confirmed stays as it was', async () => {
    const [confirmedBefore] = await db.dataSource.query(
      `SELECT p.id, p.need_id, p.helper_id FROM match_proposal p JOIN need n ON n.id = p.need_id
        WHERE p.status = 'PROPOSED' AND NOT p.safety_net ORDER BY p.id LIMIT 1`,
    );
    const confirmed = await api.gql(
      'mutation ($input: DecideProposalInput!) { confirmProposal(input: $input) { errors { field code } } }',
      { input: { proposalId: toGlobalId('Proposal', confirmedBefore.id) } },
      coordinator,
    );
    expect(confirmed.data.confirmProposal.errors).toEqual([]);
    const assignmentsBefore = await db.dataSource.query(
      `SELECT id, need_id, helper_id, status, weekly_minutes FROM assignment ORDER BY id`,
    );

    // An elder of the proposed need's group asks for the same service, at the same hours.
    const [template] = await db.dataSource.query(
      `SELECT n.service_type, n.minutes_per_occurrence, n.window_start::text, n.window_end::text, n.region_id
         FROM need n WHERE n.id = $1`,
      [confirmedBefore.need_id],
    );
    const [elder] = await db.dataSource.query(
      `SELECT p.id FROM person p WHERE p.region_id = $1 AND p.birth_year < 1960
          AND NOT EXISTS (SELECT 1 FROM need n WHERE n.elder_id = p.id) ORDER BY p.id LIMIT 1`,
      [template.region_id],
    );
    const since = performance.now();
    const created = await api.gql(
      CREATE_NEED,
      {
        input: {
          elderId: toGlobalId('Person', elder.id),
          serviceType: template.service_type,
          minutesPerOccurrence: template.minutes_per_occurrence,
          startDate: '2026-12-07',
          recurrence: {
            kind: 'WEEKLY',
            weekdays: [2],
            windowStart: template.window_start.slice(0, 5),
            windowEnd: template.window_end.slice(0, 5),
          },
        },
      },
      coordinator,
    );
    expect(created.data.createNeed.errors).toEqual([]);
    const needId = created.data.createNeed.need.id;

    const { ms, proposals } = await untilAnswered(needId, since);
    console.log(`createNeed → answered in ${Math.round(ms)} ms (2 villages, a worker thread in this process)`);
    const runs = await db.dataSource.query(
      `SELECT id, status, region_id, requested_by, focus_need_id, dry_run FROM match_run WHERE focus_need_id = $1`,
      [rawId(needId)],
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      status: 'SUCCEEDED',
      requested_by: `need:${rawId(needId)}`,
      dry_run: false,
    });
    // The run's region is the need's village (its coordinator can read it), not the township.
    const [village] = await db.dataSource.query(
      `SELECT CASE WHEN kind = 'GROUP' THEN parent_id ELSE id END AS id FROM region WHERE id = $1`,
      [template.region_id],
    );
    expect(runs[0].region_id).toBe(village.id);
    const unmet = await db.dataSource.query('SELECT need_id FROM match_unmet WHERE run_id = $1 AND need_id = $2', [
      runs[0].id,
      rawId(needId),
    ]);
    // Answered either way: a proposal, or a place on the unmet list with its reason.
    expect(proposals.length + unmet.length).toBeGreaterThan(0);
    for (const proposal of proposals) {
      const [{ run_id }] = await db.dataSource.query('SELECT run_id FROM match_proposal WHERE id = $1', [
        rawId(proposal.id),
      ]);
      expect(run_id).toBe(runs[0].id);
    }
    expect(
      await db.dataSource.query(`SELECT id, need_id, helper_id, status, weekly_minutes FROM assignment ORDER BY id`),
    ).toEqual(assignmentsBefore);
    const [{ status }] = await db.dataSource.query('SELECT status FROM match_proposal WHERE id = $1', [
      confirmedBefore.id,
    ]);
    expect(status).toBe('CONFIRMED');
  }, 120_000);

  it('is queued again when it comes back to OPEN (its helper released), not when it is merely edited', async () => {
    const [assignment] = await db.dataSource.query(
      // A need with one helper, so that releasing them puts it back to OPEN (ids are random: a need
      // wanting two helpers would stay as it is, and the test would fail now and then).
      `SELECT a.need_id, a.helper_id FROM assignment a JOIN need n ON n.id = a.need_id
        WHERE a.status = 'ACTIVE' AND n.helpers_needed = 1 ORDER BY a.id LIMIT 1`,
    );
    const countRuns = async () =>
      (
        await db.dataSource.query('SELECT count(*)::int AS n FROM match_run WHERE focus_need_id = $1', [
          assignment.need_id,
        ])
      )[0].n as number;
    const before = await countRuns();
    const released = await api.gql(
      'mutation ($input: ReleaseAssignmentInput!) { releaseAssignment(input: $input) { errors { field code } } }',
      {
        input: {
          needId: toGlobalId('Need', assignment.need_id),
          helperId: toGlobalId('Helper', assignment.helper_id),
          reason: '帮扶人外出务工',
        },
      },
      coordinator,
    );
    expect(released.data.releaseAssignment.errors).toEqual([]);
    expect(await countRuns()).toBe(before + 1);
    await untilAnswered(toGlobalId('Need', assignment.need_id), performance.now());

    const edited = await api.gql(
      'mutation ($input: UpdateNeedInput!) { updateNeed(input: $input) { errors { field code } } }',
      { input: { id: toGlobalId('Need', assignment.need_id), notes: '午饭要软一些' } },
      coordinator,
    );
    expect(edited.data.updateNeed.errors).toEqual([]);
    expect(await countRuns()).toBe(before + 1);
  }, 120_000);
});

describe("a focused run's component", () => {
  it('is the one the whole township gives, loaded village by village', async () => {
    // A son in one village who helps there, tied to his mother with an open need in the other:
    // her component reaches into his village.
    const [needB] = await db.dataSource.query(
      `SELECT n.id, n.elder_id, n.service_type, n.county_id, r.path FROM need n JOIN region r ON r.id = n.region_id
        WHERE n.status IN ('OPEN', 'PROPOSED') AND n.service_type IN ('MEAL_DELIVERY', 'VISIT_CHECK', 'COMPANIONSHIP', 'ERRANDS')
          AND n.required_certificate IS NULL
          AND EXISTS (SELECT 1 FROM need m JOIN region mr ON mr.id = m.region_id WHERE m.service_type = n.service_type
                        AND m.status IN ('OPEN', 'PROPOSED') AND mr.path[3] <> r.path[3])
        ORDER BY r.path[3] DESC, n.id LIMIT 1`,
    );
    const [sonRow] = await db.dataSource.query(
      `SELECT p.id, p.region_id FROM person p JOIN region r ON r.id = p.region_id
        WHERE r.path[3] <> $1 AND p.birth_year > 1965 AND NOT EXISTS (SELECT 1 FROM helper h WHERE h.person_id = p.id)
          AND EXISTS (SELECT 1 FROM need m JOIN region mr ON mr.id = m.region_id WHERE m.service_type = $2
                        AND m.status IN ('OPEN', 'PROPOSED') AND mr.path[3] = r.path[3])
        ORDER BY p.id LIMIT 1`,
      [needB.path[2], needB.service_type],
    );
    const helperId = crypto.randomUUID();
    await db.dataSource.query(
      `INSERT INTO helper (id, county_id, kind, person_id, region_id, service_types, weekly_minutes, max_elders, consent)
       VALUES ($1, $2, 'PERSON', $3, $4, ARRAY[$5]::service_type[], 2000, 5, true)`,
      [helperId, needB.county_id, sonRow.id, sonRow.region_id, needB.service_type],
    );
    for (let weekday = 1; weekday <= 7; weekday += 1)
      await db.dataSource.query(
        `INSERT INTO helper_availability (helper_id, weekday, window_start, window_end) VALUES ($1, $2, '06:00', '22:00')`,
        [helperId, weekday],
      );
    // … and to his father at home, who has an open need of the same kind in the son's village.
    const [needA] = await db.dataSource.query(
      `SELECT n.elder_id FROM need n JOIN region r ON r.id = n.region_id
        WHERE n.status IN ('OPEN', 'PROPOSED') AND r.path[3] = (SELECT path[3] FROM region WHERE id = $1)
          AND n.service_type = $2 AND n.elder_id <> $3 ORDER BY n.id LIMIT 1`,
      [sonRow.region_id, needB.service_type, sonRow.id],
    );
    expect(needA).toBeDefined();
    for (const [elder, term] of [
      [needB.elder_id, '母子'],
      [needA.elder_id, '父子'],
    ]) {
      const [a, b] = [elder, sonRow.id].sort();
      await db.dataSource.query(
        `INSERT INTO relationship (id, county_id, person_a_id, person_b_id, kind, kin_degree, kin_term)
         VALUES ($1, $2, $3, $4, 'KIN', 1, $5) ON CONFLICT DO NOTHING`,
        [crypto.randomUUID(), needB.county_id, a, b, term],
      );
    }

    const whole = await loadMatchInput(db.dataSource.manager, township, today());
    const sampled: { id: string }[] = await db.dataSource.query(
      `SELECT n.id FROM need n WHERE n.status IN ('OPEN', 'PROPOSED') ORDER BY md5(n.id::text) LIMIT 10`,
    );
    let crossing = 0;
    for (const id of [needB.id, ...sampled.map((row) => row.id)]) {
      const expected = componentOf(whole.input, [id])
        .needs.map((need) => need.id)
        .sort();
      const { cut } = await loadComponent(db.dataSource.manager, township, id);
      expect(cut.needs.map((need) => need.id).sort(), id).toEqual(expected);
      if (new Set(cut.needs.map((need) => need.villageId)).size > 1) crossing += 1;
    }
    // The mother's component crosses into her son's village: the expansion was exercised.
    expect(crossing).toBeGreaterThan(0);
  }, 120_000);
});

describe('with HUZHU_AUTO_MATCH off', () => {
  it('a need entered waits for the night: no run is queued', async () => {
    const quiet = await startTestServer(db);
    try {
      const [elder] = await db.dataSource.query(
        `SELECT p.id FROM person p WHERE p.birth_year < 1960 AND NOT EXISTS (SELECT 1 FROM need n WHERE n.elder_id = p.id)
          ORDER BY p.id DESC LIMIT 1`,
      );
      const created = await quiet.gql(
        CREATE_NEED,
        {
          input: {
            elderId: toGlobalId('Person', elder.id),
            serviceType: 'MEAL_DELIVERY',
            minutesPerOccurrence: 30,
            startDate: '2026-12-07',
            recurrence: { kind: 'DAILY', windowStart: '11:00', windowEnd: '12:00' },
          },
        },
        coordinator,
      );
      expect(created.data.createNeed.errors).toEqual([]);
      const runs = await db.dataSource.query('SELECT id FROM match_run WHERE focus_need_id = $1', [
        rawId(created.data.createNeed.need.id),
      ]);
      expect(runs).toEqual([]);
    } finally {
      await quiet.close();
    }
  });
});
