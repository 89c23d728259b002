import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { createRun, executeRun } from '../../src/modules/matching/match-run.service.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { snapshot } from '../support/snapshot.ts';

/**
 * Complaints and mediation (issue #16), through GraphQL: an anonymous serious complaint about a
 * visit, acknowledged, mediated and upheld — a credit entry for the helper and a suspension that
 * keeps them out of the next match run until a coordinator reviews it; a complaint escalated to
 * the county arbitration court and ruled on; who reads what; bad input writing nothing.
 */
let db: TestDatabase;
let api: TestServer;
let villageA: Region;
let villageB: Region;
let county: Region;
let care: { agreement: string; visit: string; helper: string; helperPerson: string; elder: string };
const t: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 2, seed: 6, complaints: false });
  [villageA, villageB] = await db.dataSource.manager.find(Region, {
    where: { kind: 'VILLAGE' as never },
    order: { code: 'ASC' },
  });
  county = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'COUNTY' as never });
  [care] = await db.dataSource.query(
    `SELECT a.id AS agreement, v.id AS visit, a.helper_id AS helper, h.person_id AS "helperPerson", a.elder_id AS elder
       FROM care_agreement a JOIN helper h ON h.id = a.helper_id JOIN visit v ON v.agreement_id = a.id
       JOIN region r ON r.id = a.region_id
      WHERE a.status = 'ACTIVE' AND h.person_id IS NOT NULL AND $1 = ANY(r.path)
      ORDER BY a.id, v.scheduled_date LIMIT 1`,
    [villageA.id],
  );
  api = await startTestServer(db);
  t.admin = await api.token(Role.ADMIN);
  t.coordinator = await api.token(Role.COORDINATOR, villageA.id);
  t.mediatorA = await api.token(Role.MEDIATOR, villageA.id);
  t.mediatorB = await api.token(Role.MEDIATOR, villageB.id);
  t.arbitrator = await api.token(Role.ARBITRATOR, county.id);
  t.supervisor = await api.token(Role.SUPERVISOR, villageA.id);
  t.official = await api.token(Role.COUNTY_OFFICIAL, county.id);
  t.helper = await api.token(Role.HELPER, villageA.id, care.helperPerson);
  t.elder = await api.token(Role.FAMILY_PROXY, villageA.id, care.elder);
}, 180_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

const COMPLAINT = `id status anonymous category severity outcome outcomeText subjectId description
  complainant { id } helper { id } region { id } suspension { reviewedAt }
  steps { fromStatus toStatus actor text }`;
const SUBMIT = `mutation ($input: SubmitComplaintInput!) { submitComplaint(input: $input) { complaint { ${COMPLAINT} } errors { field code } } }`;
const step = (name: string, input = 'ComplaintStepInput') =>
  `mutation ($input: ${input}!) { ${name}(input: $input) { complaint { ${COMPLAINT} } errors { field code } } }`;
const ACK = step('acknowledgeComplaint');
const MEDIATE = step('startMediation');
const RESOLVE = step('resolveComplaint', 'DecideComplaintInput');
const ESCALATE = step('escalateComplaint');
const RULE = step('ruleOnComplaint', 'DecideComplaintInput');
const READ = `query ($id: ID!) { complaint(id: $id) { ${COMPLAINT} } }`;
const RECORD = `query ($id: ID!) { creditRecord(subjectId: $id) { points entries { kind points source text } } }`;

async function ok(query: string, input: Record<string, unknown>, token: string): Promise<any> {
  const response = await api.gql(query, { input }, token);
  expect(response.errors).toBeUndefined();
  const payload = Object.values(response.data as Record<string, any>)[0];
  expect(payload.errors).toEqual([]);
  return payload.complaint;
}

/** The mutation's errors, and proof that it wrote nothing. */
async function refused(query: string, input: Record<string, unknown>, token: string): Promise<unknown> {
  const before = await snapshot(db.dataSource);
  const response = await api.gql(query, { input }, token);
  expect(await snapshot(db.dataSource)).toEqual(before);
  if (response.errors) return response.errors.map((e) => e.extensions?.code);
  return Object.values(response.data as Record<string, any>)[0].errors;
}

/** Helpers a dry run of village A proposes (person helpers only). */
async function proposedHelpers(): Promise<string[]> {
  const run = await createRun(db.dataSource.manager, villageA, true, 'test');
  expect((await executeRun(db.dataSource, run.id)).status).toBe('SUCCEEDED');
  const rows = await db.dataSource.query(
    `SELECT DISTINCT p.helper_id FROM match_proposal p JOIN helper h ON h.id = p.helper_id
      WHERE p.run_id = $1 AND h.person_id IS NOT NULL ORDER BY 1`,
    [run.id],
  );
  return rows.map((row: { helper_id: string }) => row.helper_id);
}

describe('complaints and mediation', () => {
  it('tells each role what it may do: mediators handle complaints and nothing else, arbitrators rule', async () => {
    const capabilities = async (token: string) =>
      Object.fromEntries(
        (await api.gql('{ viewer { capabilities { action scope } } }', {}, token)).data.viewer.capabilities.map(
          (c: any) => [c.action, c.scope],
        ),
      );
    const none = { ENTER_NEEDS: 'NONE', REGISTER_PEOPLE: 'NONE', START_RUNS: 'NONE', READ_SENSITIVE: 'NONE' };
    expect(await capabilities(t.mediatorA)).toMatchObject({
      ...none,
      FILE_COMPLAINTS: 'REGION',
      HANDLE_COMPLAINTS: 'REGION',
      RULE_ON_COMPLAINTS: 'NONE',
      CORRECT_CREDIT: 'NONE',
    });
    expect(await capabilities(t.arbitrator)).toMatchObject({
      ...none,
      HANDLE_COMPLAINTS: 'NONE',
      RULE_ON_COMPLAINTS: 'REGION',
      CORRECT_CREDIT: 'REGION',
    });
    expect(await capabilities(t.helper)).toMatchObject({ FILE_COMPLAINTS: 'REGION', HANDLE_COMPLAINTS: 'NONE' });
    expect(await capabilities(t.coordinator)).toMatchObject({
      HANDLE_COMPLAINTS: 'REGION',
      REVIEW_SUSPENSIONS: 'REGION',
    });
  });

  it('runs an anonymous serious complaint to an upheld outcome: credit entry, suspension, what each reads', async () => {
    const filed = await ok(
      SUBMIT,
      {
        subjectId: toGlobalId('Visit', care.visit),
        category: 'NEGLECT',
        severity: 'SERIOUS',
        description: '送饭迟到两小时，老人低血糖',
        anonymous: true,
      },
      t.elder,
    );
    expect(filed).toMatchObject({
      status: 'RECEIVED',
      anonymous: true,
      subjectId: toGlobalId('Visit', care.visit),
      helper: { id: toGlobalId('Helper', care.helper) },
      // The complainant reads their own name and words.
      complainant: { id: toGlobalId('Person', care.elder) },
      description: '送饭迟到两小时，老人低血糖',
      steps: [{ fromStatus: null, toStatus: 'RECEIVED', actor: 'complainant', text: null }],
    });

    // Acknowledged by the village's mediator; a second acknowledgement is refused and writes nothing.
    await ok(ACK, { complaintId: filed.id, text: '已受理，明日上门' }, t.mediatorA);
    expect(await refused(ACK, { complaintId: filed.id }, t.mediatorA)).toEqual([
      { field: 'complaintId', code: 'CONFLICT' },
    ]);
    // A mediator of another village: as if the complaint did not exist.
    expect(await refused(MEDIATE, { complaintId: filed.id }, t.mediatorB)).toEqual([
      { field: 'complaintId', code: 'NOT_FOUND' },
    ]);
    // A supervisor reads complaints but does not mediate.
    expect(await refused(MEDIATE, { complaintId: filed.id }, t.supervisor)).toEqual(['FORBIDDEN']);
    await ok(MEDIATE, { complaintId: filed.id, text: '双方到村委会' }, t.mediatorA);
    // No outcome, no words: refused, nothing written.
    expect(await refused(RESOLVE, { complaintId: filed.id }, t.mediatorA)).toEqual([
      { field: 'outcome', code: 'REQUIRED' },
      { field: 'text', code: 'REQUIRED' },
    ]);
    const resolved = await ok(
      RESOLVE,
      { complaintId: filed.id, outcome: 'UPHELD', text: '帮扶人承认失误，赔礼道歉' },
      t.mediatorA,
    );
    expect(resolved).toMatchObject({ status: 'RESOLVED', outcome: 'UPHELD', suspension: { reviewedAt: null } });
    expect(resolved.steps.map((s: any) => [s.fromStatus, s.toStatus, s.actor])).toEqual([
      [null, 'RECEIVED', 'complainant'],
      ['RECEIVED', 'ACKNOWLEDGED', 'test:mediator'],
      ['ACKNOWLEDGED', 'MEDIATING', 'test:mediator'],
      ['MEDIATING', 'RESOLVED', 'test:mediator'],
    ]);

    // The helper's credit record has the demerit; the helper reads it too (their own).
    const record = await api.gql(RECORD, { id: toGlobalId('Person', care.helperPerson) }, t.helper);
    expect(record.data.creditRecord).toEqual({
      points: -20,
      entries: [{ kind: 'DEMERIT', points: -20, source: 'MEDIATION', text: '调解结果：帮扶人承认失误，赔礼道歉' }],
    });

    // Who sees whom: the helper complained about sees the fact and the outcome, not who or what was said.
    const asHelper = (await api.gql(READ, { id: filed.id }, t.helper)).data.complaint;
    expect(asHelper).toMatchObject({ status: 'RESOLVED', outcome: 'UPHELD', complainant: null, description: null });
    expect(asHelper.steps.map((s: any) => s.text)).toEqual([null, null, null, null]);
    // The coordinator handles it (reads the words) but not the anonymous complainant; ADMIN and the arbitrator do.
    const asCoordinator = (await api.gql(READ, { id: filed.id }, t.coordinator)).data.complaint;
    expect(asCoordinator).toMatchObject({ complainant: null, description: '送饭迟到两小时，老人低血糖' });
    for (const token of [t.admin, t.arbitrator])
      expect((await api.gql(READ, { id: filed.id }, token)).data.complaint.complainant).toEqual({
        id: toGlobalId('Person', care.elder),
      });
    // An official reads the fact, not the words (they may concern health).
    expect((await api.gql(READ, { id: filed.id }, t.official)).data.complaint.description).toBeNull();
  }, 60_000);

  it('keeps a suspended helper out of new proposals until a coordinator reviews the suspension', async () => {
    // A person helper the dry run proposes, complained about in person, upheld and serious.
    const before = await proposedHelpers();
    const [target] = await db.dataSource.query(
      `SELECT h.id, h.person_id FROM helper h WHERE h.id = ANY($1) AND h.id <> $2 AND h.person_id <> $3 ORDER BY h.id LIMIT 1`,
      [before, care.helper, care.elder],
    );
    expect(target).toBeDefined();
    const filed = await ok(
      SUBMIT,
      {
        subjectId: toGlobalId('Person', target.person_id),
        category: 'DISRESPECT',
        severity: 'SERIOUS',
        description: '辱骂老人',
        channel: 'PAPER_FORM',
        onBehalfOfId: toGlobalId('Person', care.elder),
      },
      t.coordinator,
    );
    await ok(ACK, { complaintId: filed.id }, t.coordinator);
    await ok(MEDIATE, { complaintId: filed.id }, t.coordinator);
    await ok(RESOLVE, { complaintId: filed.id, outcome: 'UPHELD', text: '属实' }, t.coordinator);
    const during = await proposedHelpers();
    expect(during).not.toContain(target.id);
    const helperView = await api.gql(
      'query ($id: ID!) { node(id: $id) { ... on Helper { suspension { reviewedAt } } } }',
      { id: toGlobalId('Helper', target.id) },
      t.coordinator,
    );
    expect(helperView.data.node.suspension).toEqual({ reviewedAt: null });

    // A mediator cannot lift it; a coordinator of another village does not find the helper.
    const REVIEW = `mutation ($input: ReviewHelperSuspensionInput!) { reviewHelperSuspension(input: $input) { helper { id suspension { since } } errors { field code } } }`;
    const review = { helperId: toGlobalId('Helper', target.id), text: '已谈话，承诺改正' };
    expect(await refused(REVIEW, review, t.mediatorA)).toEqual(['FORBIDDEN']);
    const lifted = await api.gql(REVIEW, { input: review }, t.coordinator);
    expect(lifted.data.reviewHelperSuspension).toEqual({
      helper: { id: toGlobalId('Helper', target.id), suspension: null },
      errors: [],
    });
    expect(await refused(REVIEW, review, t.coordinator)).toEqual([{ field: 'helperId', code: 'CONFLICT' }]);
    expect(await proposedHelpers()).toContain(target.id);
  }, 180_000);

  it('goes to the county arbitration court and is ruled on; a ruling not upheld writes no credit entry', async () => {
    const filed = await ok(
      SUBMIT,
      {
        subjectId: toGlobalId('CareAgreement', care.agreement),
        category: 'AGREEMENT_BREACH',
        description: '协议约定每周三次，实际一次',
      },
      t.helper,
    );
    await ok(ACK, { complaintId: filed.id }, t.mediatorA);
    expect(await refused(ESCALATE, { complaintId: filed.id }, t.mediatorA)).toEqual([
      { field: 'text', code: 'REQUIRED' },
    ]);
    await ok(ESCALATE, { complaintId: filed.id, text: '双方各执一词' }, t.mediatorA);
    expect(await refused(RULE, { complaintId: filed.id, outcome: 'UPHELD', text: 'x' }, t.mediatorA)).toEqual([
      'FORBIDDEN',
    ]);
    const entriesBefore = await db.dataSource.query('SELECT count(*)::int AS n FROM credit_entry');
    const ruled = await ok(RULE, { complaintId: filed.id, outcome: 'NOT_UPHELD', text: '证据不足' }, t.arbitrator);
    expect(ruled).toMatchObject({ status: 'RULED', outcome: 'NOT_UPHELD', outcomeText: '证据不足', suspension: null });
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM credit_entry')).toEqual(entriesBefore);
    // Closed: nothing more can be done to it.
    expect(await refused(RULE, { complaintId: filed.id, outcome: 'UPHELD', text: 'x' }, t.arbitrator)).toEqual([
      { field: 'complaintId', code: 'CONFLICT' },
    ]);
  });

  it('refuses bad input with a field error and writes nothing', async () => {
    const base = { category: 'OTHER', description: '说明' };
    // A need is not something one complains about; an id that names nothing.
    const [need] = await db.dataSource.query('SELECT id FROM need ORDER BY id LIMIT 1');
    expect(await refused(SUBMIT, { ...base, subjectId: toGlobalId('Need', need.id) }, t.elder)).toEqual([
      { field: 'subjectId', code: 'WRONG_KIND' },
    ]);
    expect(
      await refused(
        SUBMIT,
        { ...base, subjectId: toGlobalId('Person', '00000000-0000-4000-8000-000000000000') },
        t.elder,
      ),
    ).toEqual([{ field: 'subjectId', code: 'NOT_FOUND' }]);
    // Someone in another village, for a mediator of village B: not in their region.
    expect(await refused(SUBMIT, { ...base, subjectId: toGlobalId('Visit', care.visit) }, t.mediatorB)).toEqual([
      { field: 'subjectId', code: 'NOT_FOUND' },
    ]);
    // About oneself; anonymous without anyone to hide; an empty description.
    expect(await refused(SUBMIT, { ...base, subjectId: toGlobalId('Person', care.elder) }, t.elder)).toEqual([
      { field: 'subjectId', code: 'CONFLICT' },
    ]);
    expect(
      await refused(SUBMIT, { ...base, subjectId: toGlobalId('Visit', care.visit), anonymous: true }, t.coordinator),
    ).toEqual([{ field: 'anonymous', code: 'CONFLICT' }]);
    expect(
      await refused(SUBMIT, { ...base, description: '', subjectId: toGlobalId('Visit', care.visit) }, t.elder),
    ).toEqual([{ field: 'description', code: 'REQUIRED' }]);
    // An unknown complaint, and a complaint id of the wrong type.
    expect(await refused(ACK, { complaintId: toGlobalId('Visit', care.visit) }, t.mediatorA)).toEqual([
      { field: 'complaintId', code: 'NOT_FOUND' },
    ]);
  });

  it('lists complaints by status and subject, within what each may read, and gives the SLA figures', async () => {
    const list = await api.gql(
      `query ($s: ID) { complaints(status: [RESOLVED, RULED], subjectId: $s) { totalCount edges { node { id status } } } }`,
      { s: toGlobalId('Visit', care.visit) },
      t.coordinator,
    );
    expect(list.data.complaints.totalCount).toBe(1);
    // On the subject itself: the visit's complaints, the agreement's.
    const onSubjects = await api.gql(
      `query ($v: ID!, $a: ID!) { visit: node(id: $v) { ... on Visit { complaints { status outcome } } }
          agreement: careAgreement(id: $a) { complaints { status outcome } } }`,
      { v: toGlobalId('Visit', care.visit), a: toGlobalId('CareAgreement', care.agreement) },
      t.helper,
    );
    expect(onSubjects.data).toEqual({
      visit: { complaints: [{ status: 'RESOLVED', outcome: 'UPHELD' }] },
      agreement: { complaints: [{ status: 'RULED', outcome: 'NOT_UPHELD' }] },
    });
    // The helper sees the two that concern them or that they filed; a mediator of village B none.
    const mine = await api.gql('{ complaints { totalCount } }', {}, t.helper);
    expect(mine.data.complaints.totalCount).toBe(2);
    expect((await api.gql('{ complaints { totalCount } }', {}, t.mediatorB)).data.complaints.totalCount).toBe(0);

    const figures = await api.gql(
      `{ complaintFigures(by: VILLAGE) { region { id } received acknowledged acknowledgedInTime shareAcknowledgedInTime
          medianMinutesToAcknowledge medianMinutesToResolve resolvedInTime open overdue } }`,
      {},
      t.official,
    );
    expect(figures.data.complaintFigures).toEqual([
      {
        region: { id: toGlobalId('Region', villageA.id) },
        received: 3,
        acknowledged: 3,
        acknowledgedInTime: 3,
        shareAcknowledgedInTime: 1,
        medianMinutesToAcknowledge: 0,
        medianMinutesToResolve: 0,
        resolvedInTime: 3,
        open: 0,
        overdue: 0,
      },
    ]);
  });
});

describe('the 24-hour rule, on the real worker', () => {
  it('escalates a complaint nobody acknowledged by its (short) deadline to the township, and alerts it', async () => {
    const POLICY = `mutation ($input: UpdateMediationPolicyInput!) { updateMediationPolicy(input: $input) {
      mediationPolicy { acknowledgeWithinHours resolveWithinHours isDefault } errors { field code } } }`;
    const countyId = toGlobalId('Region', county.id);
    expect(await refused(POLICY, { countyId, acknowledgeWithinHours: 0, resolveWithinHours: 72 }, t.official)).toEqual([
      { field: 'acknowledgeWithinHours', code: 'OUT_OF_RANGE' },
    ]);
    expect(await refused(POLICY, { countyId, acknowledgeWithinHours: 48, resolveWithinHours: 24 }, t.official)).toEqual(
      [{ field: 'resolveWithinHours', code: 'CONFLICT' }],
    );
    expect(await refused(POLICY, { countyId, acknowledgeWithinHours: 1, resolveWithinHours: 2 }, t.mediatorA)).toEqual([
      'FORBIDDEN',
    ]);
    const defaults = await api.gql(
      'query ($c: ID!) { mediationPolicy(countyId: $c) { acknowledgeWithinHours resolveWithinHours isDefault } }',
      { c: countyId },
      t.mediatorA,
    );
    expect(defaults.data.mediationPolicy).toEqual({
      acknowledgeWithinHours: 24,
      resolveWithinHours: 72,
      isDefault: true,
    });
    // 0.001 hours: 3.6 seconds.
    const policy = await api.gql(
      POLICY,
      { input: { countyId, acknowledgeWithinHours: 0.001, resolveWithinHours: 1 } },
      t.official,
    );
    expect(policy.data.updateMediationPolicy).toEqual({
      mediationPolicy: { acknowledgeWithinHours: 0.001, resolveWithinHours: 1, isDefault: false },
      errors: [],
    });

    const { createBoss } = await import('../../src/jobs/matching-jobs.ts');
    const { startComplaintJobs } = await import('../../src/jobs/complaint-jobs.ts');
    const bossErrors: Error[] = [];
    const boss = createBoss(db.url, (error) => bossErrors.push(error));
    await boss.start();
    const log: string[] = [];
    const jobs = await startComplaintJobs(boss, db.dataSource, (m) => log.push(m), {
      pollMs: 500,
      pollingIntervalSeconds: 1,
    });
    const township = await api.token(Role.COORDINATOR, villageA.parentId!);
    const { createClient } = await import('graphql-ws');
    const { default: WebSocket } = await import('ws');
    const ws = createClient({
      url: api.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${township}` },
      retryAttempts: 0,
    });
    const raised: unknown[] = [];
    const unsubscribe = ws.subscribe(
      { query: 'subscription { complaintOverdue { id status escalatedTo { id } } }' },
      { next: (value) => raised.push(value.data?.complaintOverdue), error: (e) => raised.push(e), complete: () => {} },
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const input = { subjectId: toGlobalId('Visit', care.visit), category: 'MISSED_SERVICE', description: '没来' };
      const late = await ok(SUBMIT, input, t.elder);
      const answered = await ok(SUBMIT, input, t.elder);
      await ok(ACK, { complaintId: answered.id }, t.mediatorA);

      const OVERDUE = `{ complaints(overdue: true) { edges { node { id status overdueAt escalatedTo { id } steps { toStatus actor text } } } } }`;
      let overdue: any[] = [];
      for (let i = 0; i < 120 && overdue.length === 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        overdue = (await api.gql(OVERDUE, {}, township)).data.complaints.edges.map((e: any) => e.node);
      }
      expect(overdue.map((c) => c.id)).toEqual([late.id]);
      const townshipId = toGlobalId('Region', villageA.parentId!);
      expect(overdue[0]).toMatchObject({ status: 'RECEIVED', escalatedTo: { id: townshipId } });
      expect(overdue[0].steps.at(-1)).toMatchObject({ toStatus: 'RECEIVED', actor: 'system:complaints' });
      for (let i = 0; i < 40 && raised.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(raised).toEqual([{ id: late.id, status: 'RECEIVED', escalatedTo: { id: townshipId } }]);

      // The acknowledged one's job ran too, and changed nothing.
      const state = async () =>
        (
          await db.dataSource.query(
            `SELECT state FROM pgboss.job WHERE name = 'complaint-deadline' AND data->>'complaintId' = $1`,
            [fromGlobal(answered.id)],
          )
        )[0]?.state;
      for (let i = 0; i < 80 && (await state()) !== 'completed'; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await state()).toBe('completed');
      const still = (await api.gql(READ, { id: answered.id }, t.coordinator)).data.complaint;
      expect(still.status).toBe('ACKNOWLEDGED');
      expect(still.steps.map((s: any) => s.actor)).not.toContain('system:complaints');
      // Now late: the figures count one acknowledged in time of the two due, and one overdue.
      const figures = await api.gql(
        `{ complaintFigures(by: TOWNSHIP) { received acknowledgedInTime overdue open } }`,
        {},
        township,
      );
      expect(figures.data.complaintFigures).toEqual([{ received: 5, acknowledgedInTime: 4, overdue: 1, open: 2 }]);
    } finally {
      unsubscribe();
      await ws.dispose();
      await jobs.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    }
    expect(bossErrors).toEqual([]);
  }, 120_000);
});

function fromGlobal(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
}
