import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { fromGlobalId, toGlobalId } from '../../src/common/global-id.ts';
import { loadConfig } from '../../src/config.ts';
import { dailyCareJob } from '../../src/jobs/care-jobs.ts';
import { createLogger } from '../../src/logger.ts';
import { createRun, executeRun } from '../../src/modules/matching/match-run.service.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/server.ts';
import { snapshot } from '../support/snapshot.ts';

/**
 * After the match (issue #15): a confirmed proposal becomes a care agreement that every party
 * signs (one by thumbprint), care the family arranged directly needs no run, the elder ends it
 * and bars the helper, the need is OPEN again and the next run does not propose that helper.
 * Every refused input writes nothing (the digest of every table is unchanged).
 */
let db: TestDatabase;
let api: TestServer;
let village: Region;
let coordinator: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 1, seed: 3, careHistory: false });
  village = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'VILLAGE' as never });
  api = await startTestServer(db);
  coordinator = await api.token(Role.COORDINATOR, village.id);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

const AGREEMENT = `id status careMode awaitingSignatures contentHash printPath
  duties { duty text } needs { id status } elder { name } helper { id }
  signatures { party channel signerName witnessName } history { fromStatus toStatus reason }`;
const CREATE = `mutation ($input: CreateCareAgreementInput!) { createCareAgreement(input: $input) { agreement { ${AGREEMENT} } errors { field code message } } }`;
const SIGN = `mutation ($input: SignCareAgreementInput!) { signCareAgreement(input: $input) { agreement { ${AGREEMENT} } errors { field code message } } }`;
const END = `mutation ($input: EndCareAgreementInput!) { endCareAgreement(input: $input) { agreement { ${AGREEMENT} } errors { field code message } } }`;

const DUTIES = [
  { duty: 'DAILY_CARE', text: '每周上门打扫、做饭' },
  { duty: 'EMOTIONAL_COMFORT', text: '每天电话问候' },
];

/** A refused mutation: the errors it gave, and proof that no table changed. */
async function refused(query: string, input: Record<string, unknown>, token: string, payload: string) {
  const before = await snapshot(db.dataSource);
  const response = await api.gql(query, { input }, token);
  expect(response.errors).toBeUndefined();
  expect(await snapshot(db.dataSource)).toEqual(before);
  return response.data[payload].errors.map((e: { field: string; code: string }) => ({ field: e.field, code: e.code }));
}

interface KinPair {
  needId: string;
  elderId: string;
  helperId: string;
  helperPersonId: string;
}

/** An OPEN need whose elder has a kin who helps with that service. */
async function kinPair(exclude: string[] = []): Promise<KinPair> {
  const [row] = await db.dataSource.query(
    `SELECT n.id AS "needId", n.elder_id AS "elderId", h.id AS "helperId", h.person_id AS "helperPersonId"
       FROM need n
       JOIN relationship r ON r.kind = 'KIN' AND n.elder_id IN (r.person_a_id, r.person_b_id)
       JOIN helper h ON h.person_id = CASE WHEN r.person_a_id = n.elder_id THEN r.person_b_id ELSE r.person_a_id END
      WHERE n.status = 'OPEN' AND n.service_type = ANY(h.service_types) AND h.active AND h.consent
        AND NOT (n.elder_id = ANY($1::uuid[]))
        AND NOT EXISTS (SELECT 1 FROM need o WHERE o.elder_id = n.elder_id AND o.status <> 'OPEN')
      ORDER BY n.id LIMIT 1`,
    [exclude],
  );
  expect(row).toBeDefined();
  return row;
}

async function signAll(agreementId: string, pair: KinPair, proxyId?: string): Promise<any> {
  const helperToken = await api.token(Role.HELPER, village.id, pair.helperPersonId);
  const thumb = await api.gql(
    SIGN,
    { input: { agreementId, party: 'ELDER', signatureChannel: 'THUMBPRINT', witnessName: '村医 王医生' } },
    coordinator,
  );
  expect(thumb.data.signCareAgreement.errors).toEqual([]);
  if (proxyId) {
    const proxyToken = await api.token(Role.FAMILY_PROXY, village.id, proxyId);
    const signed = await api.gql(SIGN, { input: { agreementId, party: 'PROXY' } }, proxyToken);
    expect(signed.data.signCareAgreement.errors).toEqual([]);
  }
  const helper = await api.gql(SIGN, { input: { agreementId, party: 'HELPER' } }, helperToken);
  expect(helper.data.signCareAgreement.errors).toEqual([]);
  expect(helper.data.signCareAgreement.agreement.status).toBe('DRAFT');
  expect(helper.data.signCareAgreement.agreement.awaitingSignatures).toEqual(['WITNESS']);
  const witness = await api.gql(
    SIGN,
    { input: { agreementId, party: 'WITNESS', signerName: '村委会 李主任' } },
    coordinator,
  );
  expect(witness.data.signCareAgreement.errors).toEqual([]);
  return witness.data.signCareAgreement.agreement;
}

describe('care agreements', () => {
  let kin: KinPair;
  let agreementId: string;

  it('are made directly for kin care, signed by every party once (one by thumbprint), and then in force', async () => {
    kin = await kinPair();
    const [proxy] = await db.dataSource.query(
      `SELECT CASE WHEN r.person_a_id = $1 THEN r.person_b_id ELSE r.person_a_id END AS id
         FROM relationship r WHERE $1 IN (r.person_a_id, r.person_b_id) AND r.kind IN ('KIN', 'SPOUSE')
          AND CASE WHEN r.person_a_id = $1 THEN r.person_b_id ELSE r.person_a_id END <> $2 LIMIT 1`,
      [kin.elderId, kin.helperPersonId],
    );
    const created = await api.gql(
      CREATE,
      {
        input: {
          elderId: toGlobalId('Person', kin.elderId),
          helperId: toGlobalId('Helper', kin.helperId),
          needIds: [toGlobalId('Need', kin.needId)],
          proxyId: proxy ? toGlobalId('Person', proxy.id) : null,
          duties: DUTIES,
          startDate: '2026-12-07',
          reviewDate: '2027-06-01',
        },
      },
      coordinator,
    );
    expect(created.data.createCareAgreement.errors).toEqual([]);
    const draft = created.data.createCareAgreement.agreement;
    agreementId = draft.id;
    expect(draft).toMatchObject({ status: 'DRAFT', careMode: 'KIN', duties: DUTIES });
    expect(draft.awaitingSignatures).toEqual(
      proxy ? ['ELDER', 'PROXY', 'HELPER', 'WITNESS'] : ['ELDER', 'HELPER', 'WITNESS'],
    );
    expect(draft.contentHash).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);

    // Signing for someone else, a thumbprint without its witness: refused, nothing written.
    const helperToken = await api.token(Role.HELPER, village.id, kin.helperPersonId);
    expect(await refused(SIGN, { agreementId, party: 'ELDER' }, helperToken, 'signCareAgreement')).toEqual([
      { field: 'party', code: 'OUT_OF_SCOPE' },
    ]);
    expect(
      await refused(
        SIGN,
        { agreementId, party: 'ELDER', signatureChannel: 'THUMBPRINT' },
        coordinator,
        'signCareAgreement',
      ),
    ).toEqual([{ field: 'witnessName', code: 'REQUIRED' }]);

    const active = await signAll(agreementId, kin, proxy?.id);
    expect(active.status).toBe('ACTIVE');
    expect(active.awaitingSignatures).toEqual([]);
    expect(active.signatures.find((s: { party: string }) => s.party === 'ELDER')).toMatchObject({
      channel: 'THUMBPRINT',
      witnessName: '村医 王医生',
    });
    expect(active.needs).toEqual([{ id: toGlobalId('Need', kin.needId), status: 'MATCHED' }]);
    expect(active.history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['DRAFT', 'ACTIVE']);
    const [assignment] = await db.dataSource.query(
      `SELECT status FROM assignment WHERE need_id = $1 AND helper_id = $2`,
      [kin.needId, kin.helperId],
    );
    expect(assignment).toEqual({ status: 'ACTIVE' });

    // A party signs once.
    expect(await refused(SIGN, { agreementId, party: 'HELPER' }, helperToken, 'signCareAgreement')).toEqual([
      { field: 'agreementId', code: 'CONFLICT' },
      { field: 'party', code: 'DUPLICATE' },
    ]);
  });

  it('refuse a non-elder, a helper the elder refused, and bad dates, writing nothing', async () => {
    const [young] = await db.dataSource.query(
      `SELECT id FROM person WHERE birth_year > 1980 AND region_id IN (SELECT id FROM region WHERE $1 = ANY(path)) LIMIT 1`,
      [village.id],
    );
    const other = await kinPair([kin.elderId]);
    await db.dataSource.query(
      `INSERT INTO need_helper_preference (need_id, helper_id, preferred, entered_by) VALUES ($1, $2, false, 'test')`,
      [other.needId, other.helperId],
    );
    const input = (extra: Record<string, unknown>) => ({
      elderId: toGlobalId('Person', other.elderId),
      helperId: toGlobalId('Helper', other.helperId),
      needIds: [toGlobalId('Need', other.needId)],
      duties: DUTIES,
      startDate: '2026-12-07',
      ...extra,
    });
    expect(await refused(CREATE, input({}), coordinator, 'createCareAgreement')).toEqual([
      { field: 'helperId', code: 'CONFLICT' },
    ]);
    expect(
      await refused(
        CREATE,
        input({ elderId: toGlobalId('Person', young.id), endDate: '2026-01-01' }),
        coordinator,
        'createCareAgreement',
      ),
    ).toEqual([
      { field: 'elderId', code: 'WRONG_KIND' },
      { field: 'endDate', code: 'OUT_OF_RANGE' },
      { field: 'needIds', code: 'NOT_FOUND' },
    ]);
  });

  it('serve a printable form to those who may read it', async () => {
    const url = new URL(api.url);
    const path = `/agreements/${agreementId}/print`;
    const page = await fetch(new URL(path, url), { headers: { authorization: `Bearer ${coordinator}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    const [elder] = await db.dataSource.query('SELECT name FROM person WHERE id = $1', [kin.elderId]);
    const { data } = await api.gql(
      `{ careAgreement(id: "${agreementId}") { contentHash printPath } }`,
      {},
      coordinator,
    );
    expect(data.careAgreement.printPath).toBe(path);
    for (const text of [elder.name, '亲情赡养', '生活照料', '每周上门打扫、做饭', data.careAgreement.contentHash])
      expect(html).toContain(text);
    expect((await fetch(new URL(path, url))).status).toBe(401);
    const elsewhere = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'TOWNSHIP' as never });
    const [otherVillage] = await db.dataSource.query(
      `SELECT id FROM region WHERE kind = 'VILLAGE' AND id <> $1 LIMIT 1`,
      [village.id],
    );
    const outsider = await api.token(Role.COORDINATOR, otherVillage?.id ?? elsewhere.id);
    if (otherVillage)
      expect((await fetch(new URL(path, url), { headers: { authorization: `Bearer ${outsider}` } })).status).toBe(404);
    const font = await fetch(new URL('/assets/noto-sans-sc/400.css', url));
    expect(font.status).toBe(200);
  });

  it('come from a confirmed proposal too; when the elder ends one, the need is OPEN and the next run does not propose that helper', async () => {
    const run = await createRun(db.dataSource.manager, village, false, 'test');
    expect((await executeRun(db.dataSource, run.id)).status).toBe('SUCCEEDED');
    const [proposal] = await db.dataSource.query(
      `SELECT p.id, p.need_id AS "needId", p.helper_id AS "helperId", n.elder_id AS "elderId", h.person_id AS "helperPersonId"
         FROM match_proposal p JOIN need n ON n.id = p.need_id JOIN helper h ON h.id = p.helper_id
        WHERE p.run_id = $1 AND p.tier = 'KIN' AND NOT p.safety_net AND h.person_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM match_proposal q WHERE q.need_id = p.need_id AND q.id <> p.id AND q.run_id = $1)
        ORDER BY p.id LIMIT 1`,
      [run.id],
    );
    expect(proposal).toBeDefined();
    const confirmed = await api.gql(
      'mutation ($input: DecideProposalInput!) { confirmProposal(input: $input) { errors { field } } }',
      { input: { proposalId: toGlobalId('Proposal', proposal.id) } },
      coordinator,
    );
    expect(confirmed.data.confirmProposal.errors).toEqual([]);
    const created = await api.gql(
      CREATE,
      {
        input: {
          elderId: toGlobalId('Person', proposal.elderId),
          helperId: toGlobalId('Helper', proposal.helperId),
          needIds: [toGlobalId('Need', proposal.needId)],
          duties: DUTIES,
          startDate: '2026-12-07',
        },
      },
      coordinator,
    );
    expect(created.data.createCareAgreement.errors).toEqual([]);
    expect(created.data.createCareAgreement.agreement.careMode).toBe('KIN');
    const matched = created.data.createCareAgreement.agreement.id;
    const active = await signAll(matched, proposal);
    expect(active.status).toBe('ACTIVE');
    expect(active.signatures).toHaveLength(3);

    const elderToken = await api.token(Role.FAMILY_PROXY, village.id, proposal.elderId);
    const ended = await api.gql(
      END,
      { input: { agreementId: matched, endedBy: 'ELDER', reason: '想换一位帮扶人', excludeHelper: true } },
      elderToken,
    );
    expect(ended.data.endCareAgreement.errors).toEqual([]);
    expect(ended.data.endCareAgreement.agreement.status).toBe('ENDED');
    expect(ended.data.endCareAgreement.agreement.needs).toEqual([
      { id: toGlobalId('Need', proposal.needId), status: 'OPEN' },
    ]);
    expect(
      await refused(END, { agreementId: matched, endedBy: 'ELDER', reason: '再次' }, elderToken, 'endCareAgreement'),
    ).toEqual([{ field: 'agreementId', code: 'CONFLICT' }]);

    const proposedIn = async () => {
      const next = await createRun(db.dataSource.manager, village, false, 'test');
      expect((await executeRun(db.dataSource, next.id)).status).toBe('SUCCEEDED');
      const rows = await db.dataSource.query(
        `SELECT helper_id FROM match_proposal WHERE run_id = $1 AND need_id = $2`,
        [next.id, proposal.needId],
      );
      return rows.map((row: { helper_id: string }) => row.helper_id);
    };
    expect(await proposedIn()).not.toContain(proposal.helperId);

    // Once the elder allows the helper again, the same run proposes them again: the bar made the difference.
    await db.dataSource.query(
      `UPDATE match_proposal SET status = 'SUPERSEDED' WHERE need_id = $1 AND status = 'PROPOSED'`,
      [proposal.needId],
    );
    await db.dataSource.query(`UPDATE need SET status = 'OPEN' WHERE id = $1`, [proposal.needId]);
    const allowed = await api.gql(
      'mutation ($input: AllowHelperAgainInput!) { allowHelperAgain(input: $input) { elder { id } errors { field code } } }',
      { input: { elderId: toGlobalId('Person', proposal.elderId), helperId: toGlobalId('Helper', proposal.helperId) } },
      elderToken,
    );
    expect(allowed.data.allowHelperAgain.errors).toEqual([]);
    expect(await proposedIn()).toContain(proposal.helperId);
  });

  it("end on the day a helper's notice runs out, by the daily job", async () => {
    // The kin agreement of the first test, still in force.
    const id = agreementId;
    const pair = kin;
    const helperToken = await api.token(Role.HELPER, village.id, pair.helperPersonId);
    const asked = await api.gql(
      `mutation ($input: EndCareAgreementInput!) { endCareAgreement(input: $input) { agreement { status endsOn } errors { field code } } }`,
      { input: { agreementId: id, endedBy: 'HELPER', reason: '要外出打工', noticeDays: 7 } },
      helperToken,
    );
    expect(asked.data.endCareAgreement.errors).toEqual([]);
    const { status, endsOn } = asked.data.endCareAgreement.agreement;
    expect(status).toBe('ACTIVE');
    const config = loadConfig({ HUZHU_JWT_SECRET: TEST_SECRET, HUZHU_AUTO_MATCH: 'off' });
    const logger = createLogger('silent');
    const dayBefore = new Date(Date.parse(`${endsOn}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect((await dailyCareJob(db.dataSource, config, logger, dayBefore)).ended).toBe(0);
    expect((await dailyCareJob(db.dataSource, config, logger, endsOn)).ended).toBe(1);
    const after = await api.gql(
      `{ careAgreement(id: "${id}") { status needs { status } history { toStatus actor } } }`,
      {},
      coordinator,
    );
    expect(after.data.careAgreement.status).toBe('ENDED');
    expect(after.data.careAgreement.needs).toEqual([{ status: 'OPEN' }]);
    expect(after.data.careAgreement.history.at(-1)).toEqual({ toStatus: 'ENDED', actor: 'system:care-jobs' });
    const [future] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM visit WHERE agreement_id = $1 AND status = 'SCHEDULED' AND scheduled_date >= $2`,
      [fromGlobalId(id)!.id, endsOn],
    );
    expect(future.n).toBe(0);
  });
});
