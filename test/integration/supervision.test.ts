import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import crypto from 'node:crypto';
import { fromGlobalId, toGlobalId } from '../../src/common/global-id.ts';
import { reliabilityCost } from '../../src/matching/cost.ts';
import { DEFAULT_MATCH_POLICY } from '../../src/matching/policy.ts';
import { createRun, executeRun } from '../../src/modules/matching/match-run.service.ts';
import { loadMatchInput } from '../../src/modules/matching/match-input.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { insertSmallCounty } from '../support/fixtures.ts';
import { snapshot } from '../support/snapshot.ts';

/**
 * Supervision (issue #16), through GraphQL on a seeded village with its care history: a poor
 * inspection opens a task and a follow-up and flags the agreement; two in a row take the helper
 * out of good standing and weigh on the next run's cost and explanation; unannounced draws repeat
 * from their seed and stay hidden from helpers; bad input writes nothing.
 */
const CLOCK = '2026-12-08T20:00:00+08:00';
const TODAY = '2026-12-08';
let db: TestDatabase;
let api: TestServer;
let village: Region;
let county: Region;
let coordinator: string;
let supervisor: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 1, seed: 6, today: TODAY });
  village = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'VILLAGE' as never });
  county = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'COUNTY' as never });
  api = await startTestServer(db, { HUZHU_CLOCK: CLOCK });
  coordinator = await api.token(Role.COORDINATOR, village.id);
  supervisor = await api.token(Role.SUPERVISOR, village.id);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

const INSPECTION = `id kind status poor score scaleMax dueDate theme findings photoRefs
  scores { hygiene qualityOfLife stateOfMind satisfaction safety }
  agreement { id flagged } followUpOf { id } rectification { id status dueDate }`;
const RECORD = `mutation ($input: RecordInspectionInput!) { recordInspection(input: $input) { inspection { ${INSPECTION} } errors { field code message } } }`;
const scores = (value: number, safety = value) => ({
  hygiene: value,
  qualityOfLife: value,
  stateOfMind: value,
  satisfaction: value,
  safety,
});
const ok = (response: any, field: string) => {
  expect(response.errors).toBeUndefined();
  expect(response.data[field].errors).toEqual([]);
  return response.data[field];
};

/** An ACTIVE agreement of the seeded care history, with a person helper whose seeded inspections all passed. */
async function activeAgreement(offset = 0) {
  const [row] = await db.dataSource.query(
    `SELECT a.id, a.helper_id AS helper, h.person_id AS "helperPerson", a.elder_id AS elder
       FROM care_agreement a JOIN helper h ON h.id = a.helper_id
      WHERE a.status = 'ACTIVE' AND h.person_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.helper_id = a.helper_id AND i.poor)
      ORDER BY a.id OFFSET $1 LIMIT 1`,
    [offset],
  );
  return row as { id: string; helper: string; helperPerson: string; elder: string };
}

async function recordOf(helperId: string) {
  const loaded = await loadMatchInput(db.dataSource.manager, village, TODAY);
  return loaded.input.helpers.find((h) => h.id === helperId)!;
}

describe('supervision', () => {
  it('turns two poor results into a task, a follow-up, a flag, a lost standing and a dearer, explained proposal', async () => {
    // A dry run as of today proposes a helper who also has an agreement in force (for another
    // need) and whose seeded inspections all passed: that agreement is inspected.
    const dryRun = async () => {
      const run = await createRun(db.dataSource.manager, village, true, 'test');
      expect((await executeRun(db.dataSource, run.id, { today: TODAY })).status).toBe('SUCCEEDED');
      return run.id;
    };
    const run0 = await dryRun();
    const [a] = await db.dataSource.query(
      `SELECT a.id, p.helper_id AS helper, p.need_id AS need, (p.cost->>'reliability')::float AS reliability
         FROM match_proposal p JOIN care_agreement a ON a.helper_id = p.helper_id AND a.status = 'ACTIVE'
         JOIN helper h ON h.id = p.helper_id
        WHERE p.run_id = $1 AND NOT p.safety_net AND h.person_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.helper_id = p.helper_id AND i.poor)
        ORDER BY a.id LIMIT 1`,
      [run0],
    );
    expect(a).toBeDefined();
    const agreementId = toGlobalId('CareAgreement', a.id);
    const before = await recordOf(a.helper);
    // The seeded year: this helper's monthly inspections already count, and the run weighed them.
    expect(before.reliability?.inspectionShare).toBeGreaterThan(0);
    expect(a.reliability).toBe(reliabilityCost(before, DEFAULT_MATCH_POLICY));

    const first = ok(
      await api.gql(
        RECORD,
        {
          input: {
            agreementId,
            kind: 'SCHEDULED',
            scores: scores(2),
            findings: '厨房不洁',
            photoRefs: ['IMG_0001.jpg'],
          },
        },
        supervisor,
      ),
      'recordInspection',
    ).inspection;
    expect(first).toMatchObject({ kind: 'SCHEDULED', status: 'DONE', poor: true, score: 2, scaleMax: 5 });
    expect(first.agreement).toEqual({ id: agreementId, flagged: true });
    expect(first.rectification).toMatchObject({ status: 'OPEN', dueDate: '2026-12-22' });
    const helperId = toGlobalId('Helper', a.helper);
    const standing = `query ($id: ID!) { node(id: $id) { ... on Helper { standing { standing reason } } } }`;
    expect((await api.gql(standing, { id: helperId }, coordinator)).data.node.standing.standing).toBe('GOOD');

    // The follow-up was planned, due in 7 days; carrying it out poorly again costs the standing.
    const planned = await api.gql(
      `query ($a: ID!) { inspections(agreementId: $a, status: [PLANNED], first: 5) { edges { node { ${INSPECTION} } } } }`,
      { a: agreementId },
      supervisor,
    );
    const [followUp] = planned.data.inspections.edges.map((e: any) => e.node);
    expect(followUp).toMatchObject({ kind: 'FOLLOW_UP', status: 'PLANNED', dueDate: '2026-12-15' });
    expect(followUp.followUpOf).toEqual({ id: first.id });
    const second = ok(
      await api.gql(RECORD, { input: { plannedInspectionId: followUp.id, scores: scores(4, 1) } }, supervisor),
      'recordInspection',
    ).inspection;
    // Safety alone below the threshold makes it poor, whatever the mean (3.4).
    expect(second).toMatchObject({ id: followUp.id, kind: 'FOLLOW_UP', status: 'DONE', poor: true, score: 3.4 });
    expect((await api.gql(standing, { id: helperId }, coordinator)).data.node.standing).toEqual({
      standing: 'NOT_IN_GOOD_STANDING',
      reason: '2 poor inspection results in a row',
    });

    // Both poor results are demerits in the helper's credit record (诚信档案).
    const credit = await db.dataSource.query(
      `SELECT c.kind, c.points, c.text FROM credit_entry c JOIN helper h ON h.person_id = c.subject_id
        WHERE h.id = $1 AND c.source = 'SUPERVISION' ORDER BY c.created_at`,
      [a.helper],
    );
    expect(credit).toEqual([
      { kind: 'DEMERIT', points: -4, text: '督查未达标：评分2（满分5）' },
      { kind: 'DEMERIT', points: -4, text: '督查未达标：评分3.4（满分5）' },
    ]);

    // The results enter the helper's record, and so the cost of proposing them.
    const after = await recordOf(a.helper);
    const [{ share }] = await db.dataSource.query(
      `SELECT round(avg(score / scale_max)::numeric, 3)::float AS share FROM inspection
        WHERE helper_id = $1 AND status = 'DONE' AND inspected_at >= '2026-06-11'`,
      [a.helper],
    );
    expect(after.reliability?.inspectionShare).toBe(share);
    expect(share).toBeLessThan(before.reliability!.inspectionShare!);
    expect(reliabilityCost(after, DEFAULT_MATCH_POLICY)).toBeGreaterThan(a.reliability);

    // The next run gives the need to the first run's runner-up: the helper is now dearer than them.
    const EXPLAIN = `query ($run: ID!, $need: ID!) { proposals(runId: $run, needId: $need, first: 5) { edges { node {
      helper { id } cost { total reliability } explanation { summary summaryEn runnersUp { helper { id } reason cost } } } } } }`;
    const proposalOf = async (run: string) =>
      (await api.gql(EXPLAIN, { run: toGlobalId('MatchRun', run), need: toGlobalId('Need', a.need) }, coordinator)).data
        .proposals.edges[0].node;
    const was = await proposalOf(run0);
    const now = await proposalOf(await dryRun());
    expect(was.helper.id).toBe(helperId);
    expect(now.helper.id).toBe(was.explanation.runnersUp[0].helper.id);
    const dearer = was.cost.total - was.cost.reliability + reliabilityCost(after, DEFAULT_MATCH_POLICY);
    expect(dearer).toBeGreaterThan(now.cost.total);
    // The first run's explanation still says the record as that run weighed it.
    const beforeShare = Math.round(before.reliability!.inspectionShare! * 100);
    expect(was.explanation.summary).toContain(`近半年督查得分率${beforeShare}%`);
    expect(was.explanation.summaryEn).toContain(`inspections in the last half-year scored ${beforeShare}%`);

    // An ended agreement is no longer inspected.
    ok(
      await api.gql(
        `mutation ($input: EndCareAgreementInput!) { endCareAgreement(input: $input) { errors { field code } } }`,
        { input: { agreementId, endedBy: 'COORDINATOR', reason: '家属要求重新安排' } },
        coordinator,
      ),
      'endCareAgreement',
    );
    const ended = await api.gql(RECORD, { input: { agreementId, kind: 'DAILY', scores: scores(5) } }, supervisor);
    expect(ended.data.recordInspection.errors).toEqual([
      expect.objectContaining({ field: 'agreementId', code: 'CONFLICT' }),
    ]);
    // Its planned follow-up was cancelled with it.
    const left = await db.dataSource.query(
      `SELECT kind, status FROM inspection WHERE agreement_id = $1 AND follow_up_of = $2`,
      [a.id, await idOf(second.id)],
    );
    expect(left).toEqual([{ kind: 'FOLLOW_UP', status: 'CANCELLED' }]);
  });

  it('restores a standing only when the latest result passes, and a passing follow-up closes the whole chain', async () => {
    const a = await activeAgreement();
    const agreementId = toGlobalId('CareAgreement', a.id);
    const helperId = toGlobalId('Helper', a.helper);
    const standing = async () =>
      (
        await api.gql(
          `query ($id: ID!) { node(id: $id) { ... on Helper { standing { standing } } } }`,
          { id: helperId },
          supervisor,
        )
      ).data.node.standing.standing;
    const followUpOf = async (globalId: string) =>
      toGlobalId(
        'Inspection',
        (
          await db.dataSource.query(`SELECT id FROM inspection WHERE follow_up_of = $1 AND status = 'PLANNED'`, [
            await idOf(globalId),
          ])
        )[0].id,
      );
    const record = async (input: Record<string, unknown>) =>
      ok(await api.gql(RECORD, { input }, supervisor), 'recordInspection').inspection;
    const poor = await record({ agreementId, kind: 'DAILY', scores: scores(1) });
    const stillPoor = await record({ plannedInspectionId: await followUpOf(poor.id), scores: scores(2) });
    expect(stillPoor.poor).toBe(true);
    expect(await standing()).toBe('NOT_IN_GOOD_STANDING');
    // A passing form entered late, dated before the poor ones, does not restore the standing.
    const late = await record({
      agreementId,
      kind: 'DAILY',
      scores: scores(5),
      inspectedAt: '2026-11-28T10:00:00+08:00',
    });
    expect(late.poor).toBe(false);
    expect(await standing()).toBe('NOT_IN_GOOD_STANDING');
    // The second follow-up passes: both tasks of the chain are put right, the flag and the standing go.
    const passed = await record({ plannedInspectionId: await followUpOf(stillPoor.id), scores: scores(4) });
    expect(passed.poor).toBe(false);
    expect(passed.agreement.flagged).toBe(false);
    expect(await standing()).toBe('GOOD');
    const tasks = await db.dataSource.query(
      'SELECT status, closing_note FROM rectification_task WHERE inspection_id = ANY($1) ORDER BY created_at',
      [[await idOf(poor.id), await idOf(stillPoor.id)]],
    );
    expect(tasks).toEqual([
      { status: 'DONE', closing_note: 'the follow-up inspection passed' },
      { status: 'DONE', closing_note: 'the follow-up inspection passed' },
    ]);
  });

  it('draws the same unannounced sample from the same seed, another from another, and hides it from the helper', async () => {
    const DRAW = `mutation ($input: DrawUnannouncedInspectionsInput!) { drawUnannouncedInspections(input: $input) {
      draw { id seed sampleSize dueDate reproduced candidates { agreementId weight } drawn { id } } errors { field code } } }`;
    const admin = await api.token(Role.ADMIN);
    const draw = async (token: string, seed?: string) =>
      ok(
        await api.gql(DRAW, { input: { regionId: toGlobalId('Region', village.id), sampleSize: 3, seed } }, token),
        'drawUnannouncedInspections',
      ).draw;
    const one = await draw(admin, '2026-12-08 村委会');
    expect(one.candidates.length).toBeGreaterThan(3);
    expect(one.drawn).toHaveLength(3);
    expect(one.dueDate).toBe('2026-12-22');
    // Weighed by risk: every weight is 1 + 2·missed + 2·low ratings (+3), so at least 1.
    expect(one.candidates.every((c: any) => c.weight >= 1)).toBe(true);
    // Anyone holding the record draws again with the published algorithm (written here from the
    // README, not the server's code): the same seed gives the same list, another seed another.
    const redraw = (seed: string) =>
      one.candidates
        .map((c: any) => {
          const id = fromGlobalId(c.agreementId)!.id;
          const digest = crypto.createHash('sha256').update(`${seed}:${id}`).digest();
          const bits = Number(BigInt('0x' + digest.subarray(0, 7).toString('hex')) >> 4n);
          return { id: c.agreementId, key: Math.pow((bits + 0.5) / 2 ** 52, 1 / c.weight) };
        })
        .sort((x: any, y: any) => y.key - x.key)
        .slice(0, 3)
        .map((x: any) => ({ id: x.id }));
    expect(redraw('2026-12-08 村委会')).toEqual(one.drawn);
    expect(redraw('another seed')).not.toEqual(one.drawn);
    expect(one.reproduced).toBe(true);
    // A coordinator's draw takes the server's seed, and skips the agreements still awaiting one.
    const refused = await api.gql(
      DRAW,
      { input: { regionId: toGlobalId('Region', village.id), sampleSize: 3, seed: 'chosen' } },
      coordinator,
    );
    expect(refused.data.drawUnannouncedInspections.errors).toEqual([{ field: 'seed', code: 'OUT_OF_SCOPE' }]);
    const two = await draw(coordinator);
    expect(two.seed).toMatch(/^[0-9a-f]{16}$/);
    expect(two.drawn.filter((d: any) => one.drawn.some((o: any) => o.id === d.id))).toEqual([]);
    expect(two.candidates.length).toBe(one.candidates.length - 3);
    // A supervisor reads the draw but not the weights (they tell who is dependent and alone).
    const asSupervisor = await api.gql(
      `query ($id: ID!) { inspectionDraw(id: $id) { seed candidates { weight } drawn { id } } }`,
      { id: one.id },
      supervisor,
    );
    expect(asSupervisor.data.inspectionDraw).toEqual({ seed: one.seed, candidates: null, drawn: one.drawn });

    // Each drawn agreement has a PLANNED UNANNOUNCED inspection; its helper sees none of them.
    const [drawnAgreement] = one.drawn;
    const planned = await api.gql(
      `query ($a: ID!) { inspections(agreementId: $a, kind: [UNANNOUNCED], first: 10) { totalCount edges { node { id status } } } }`,
      { a: drawnAgreement.id },
      supervisor,
    );
    expect(planned.data.inspections.totalCount).toBe(1);
    const [row] = await db.dataSource.query(
      'SELECT h.person_id FROM care_agreement a JOIN helper h ON h.id = a.helper_id WHERE a.id = $1',
      [await idOf(drawnAgreement.id)],
    );
    const helper = await api.token(Role.HELPER, village.id, row.person_id);
    const seen = await api.gql(
      `query ($a: ID!) { inspections(agreementId: $a, kind: [UNANNOUNCED], first: 10) { totalCount } careAgreement(id: $a) { inspections { id status } } }`,
      { a: drawnAgreement.id },
      helper,
    );
    expect(seen.data.inspections.totalCount).toBe(0);
    expect(seen.data.careAgreement.inspections.every((i: any) => i.status === 'DONE')).toBe(true);
    const node = await api.gql(
      `query ($id: ID!) { node(id: $id) { id } }`,
      { id: planned.data.inspections.edges[0].node.id },
      helper,
    );
    expect(node.data.node).toBeNull();
    const readDraw = await api.gql(`query ($id: ID!) { inspectionDraw(id: $id) { id } }`, { id: one.id }, helper);
    expect(readDraw.data.inspectionDraw).toBeNull();
  });

  it('refuses bad input with a field error and writes nothing', async () => {
    const a = await activeAgreement();
    const agreementId = toGlobalId('CareAgreement', a.id);
    const other = await insertSmallCounty(db.dataSource, '990071');
    const elsewhere = await api.token(Role.SUPERVISOR, other.villageA.id);
    const before = await snapshot(db.dataSource);
    const attempt = async (input: Record<string, unknown>, token = supervisor) =>
      (await api.gql(RECORD, { input }, token)).data?.recordInspection?.errors;
    expect(await attempt({ agreementId, kind: 'DAILY', scores: scores(6) })).toEqual(
      ['hygiene', 'qualityOfLife', 'stateOfMind', 'satisfaction', 'safety'].map((key) =>
        expect.objectContaining({ field: `scores.${key}`, code: 'OUT_OF_RANGE' }),
      ),
    );
    expect(await attempt({ agreementId, kind: 'DAILY', scores: scores(-1, 3) })).toHaveLength(4);
    expect(await attempt({ agreementId, kind: 'SPECIAL', scores: scores(4) })).toEqual([
      expect.objectContaining({ field: 'theme', code: 'REQUIRED' }),
    ]);
    expect(await attempt({ agreementId, kind: 'FOLLOW_UP', scores: scores(4) })).toEqual([
      expect.objectContaining({ field: 'kind', code: 'INVALID' }),
    ]);
    expect(
      await attempt({ agreementId, kind: 'DAILY', scores: scores(4), inspectedAt: '2026-10-01T10:00:00+08:00' }),
    ).toEqual([expect.objectContaining({ field: 'inspectedAt', code: 'OUT_OF_RANGE' })]);
    expect(await attempt({ kind: 'DAILY', scores: scores(4) })).toEqual([
      expect.objectContaining({ field: 'agreementId', code: 'REQUIRED' }),
    ]);
    expect(
      await attempt({ agreementId, householdId: toGlobalId('Household', a.elder), kind: 'DAILY', scores: scores(4) }),
    ).toEqual([expect.objectContaining({ field: 'agreementId', code: 'INVALID' })]);
    expect(
      await attempt({ agreementId, kind: 'DAILY', scores: scores(4), inspectedAt: '2027-01-01T00:00:00Z' }),
    ).toEqual([expect.objectContaining({ field: 'inspectedAt', code: 'OUT_OF_RANGE' })]);
    // A supervisor of another village does not find it; a helper may not inspect.
    expect(await attempt({ agreementId, kind: 'DAILY', scores: scores(4) }, elsewhere)).toEqual([
      expect.objectContaining({ field: 'agreementId', code: 'NOT_FOUND' }),
    ]);
    const helper = await api.token(Role.HELPER, village.id, a.helperPerson);
    const refused = await api.gql(RECORD, { input: { agreementId, kind: 'DAILY', scores: scores(4) } }, helper);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A draw in a whole county, or of nothing, is refused.
    const DRAW = `mutation ($input: DrawUnannouncedInspectionsInput!) { drawUnannouncedInspections(input: $input) { errors { field code } } }`;
    const official = await api.token(Role.COUNTY_OFFICIAL, county.id);
    const countyDraw = await api.gql(
      DRAW,
      { input: { regionId: toGlobalId('Region', county.id), sampleSize: 2 } },
      official,
    );
    expect(countyDraw.data.drawUnannouncedInspections.errors).toEqual([{ field: 'regionId', code: 'WRONG_KIND' }]);
    expect(await snapshot(db.dataSource)).toEqual(before);

    // Carrying out a planned inspection twice: the second is a CONFLICT.
    const done = ok(
      await api.gql(RECORD, { input: { agreementId, kind: 'DAILY', scores: scores(2) } }, supervisor),
      'recordInspection',
    ).inspection;
    const [{ id: followUp }] = await db.dataSource.query(`SELECT id FROM inspection WHERE follow_up_of = $1`, [
      await idOf(done.id),
    ]);
    const input = { plannedInspectionId: toGlobalId('Inspection', followUp), scores: scores(4) };
    ok(await api.gql(RECORD, { input }, supervisor), 'recordInspection');
    expect(await attempt(input)).toEqual([expect.objectContaining({ field: 'plannedInspectionId', code: 'CONFLICT' })]);
  });

  it("scores on the county's own scale once it sets one", async () => {
    const official = await api.token(Role.COUNTY_OFFICIAL, county.id);
    const UPDATE = `mutation ($input: UpdateSupervisionPolicyInput!) { updateSupervisionPolicy(input: $input) {
      supervisionPolicy { scaleMax poorBelow poorInRow isDefault } errors { field code } } }`;
    const policy = {
      countyId: toGlobalId('Region', county.id),
      scaleMax: 100,
      poorBelow: 60,
      poorInRow: 3,
      rectificationDays: 10,
      followUpDays: 5,
      unannouncedDays: 7,
    };
    const bad = await api.gql(UPDATE, { input: { ...policy, poorBelow: 120 } }, official);
    expect(bad.data.updateSupervisionPolicy.errors).toEqual([{ field: 'poorBelow', code: 'OUT_OF_RANGE' }]);
    expect(ok(await api.gql(UPDATE, { input: policy }, official), 'updateSupervisionPolicy').supervisionPolicy).toEqual(
      { scaleMax: 100, poorBelow: 60, poorInRow: 3, isDefault: false },
    );
    const a = await activeAgreement();
    const agreementId = toGlobalId('CareAgreement', a.id);
    const passing = ok(
      await api.gql(RECORD, { input: { agreementId, kind: 'SCHEDULED', scores: scores(70) } }, supervisor),
      'recordInspection',
    ).inspection;
    expect(passing).toMatchObject({ poor: false, score: 70, scaleMax: 100 });
    const poor = ok(
      await api.gql(RECORD, { input: { agreementId, kind: 'SCHEDULED', scores: scores(59) } }, supervisor),
      'recordInspection',
    ).inspection;
    expect(poor).toMatchObject({ poor: true, rectification: { status: 'OPEN', dueDate: '2026-12-18' } });
  });
});

/** The raw id of a global id. */
async function idOf(globalId: string): Promise<string> {
  const { fromGlobalId } = await import('../../src/common/global-id.ts');
  return fromGlobalId(globalId)!.id;
}
