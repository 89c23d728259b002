import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { queryCounterOf } from '../../src/db/data-source.ts';
import { clearProcessCaches } from '../../src/common/loader.ts';
import { createRun, executeRun } from '../../src/modules/matching/match-run.service.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { markMissedVisits, scheduleVisits } from '../../src/modules/visit/visit-schedule.ts';
import { helperRecords } from '../../src/modules/visit/reliability.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { snapshot } from '../support/snapshot.ts';

/**
 * The whole loop after the match (issue #15), through GraphQL, on a clock set by configuration
 * (HUZHU_CLOCK), never by sleeping: confirm a proposal → agreement → three signatures (one by
 * thumbprint) → visits appear → the helper checks in and out → the elder confirms with 5★ →
 * hours appear → the elder ends it → the need is OPEN again → the next run does not propose that
 * helper. Bad input writes nothing; the helper never reads the elder's comment.
 */
const CLOCK = '2026-12-08T20:00:00+08:00';
let db: TestDatabase;
let api: TestServer;
let village: Region;
let coordinator: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 1, seed: 6, careHistory: false });
  village = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'VILLAGE' as never });
  api = await startTestServer(db, { HUZHU_CLOCK: CLOCK });
  coordinator = await api.token(Role.COORDINATOR, village.id);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

const VISIT = `id status scheduledDate windowStart windowEnd minutesDone rating ratingTags ratingComment
  elder { id } helper { id } agreement { id status } elderContact { phone }`;
const ok = (response: any, field: string) => {
  expect(response.errors).toBeUndefined();
  expect(response.data[field].errors).toEqual([]);
  return response.data[field];
};

const CHECK_IN = `mutation ($input: CheckInVisitInput!) { checkInVisit(input: $input) { visit { ${VISIT} } errors { field code } } }`;
const CHECK_OUT = `mutation ($input: CheckOutVisitInput!) { checkOutVisit(input: $input) { visit { ${VISIT} } errors { field code } } }`;
const CONFIRM = `mutation ($input: ConfirmVisitInput!) { confirmVisit(input: $input) { visit { ${VISIT} } errors { field code } } }`;
const SIGN = `mutation ($input: SignCareAgreementInput!) { signCareAgreement(input: $input) { agreement { id status } errors { field code } } }`;

describe('after the match', () => {
  it('runs from a confirmed proposal to verified, rated visits and back to an OPEN need the helper is not proposed for', async () => {
    // Confirm a kin proposal of a run.
    const run = await createRun(db.dataSource.manager, village, false, 'test');
    expect((await executeRun(db.dataSource, run.id)).status).toBe('SUCCEEDED');
    const [p] = await db.dataSource.query(
      `SELECT p.id, p.need_id AS need, p.helper_id AS helper, n.elder_id AS elder, h.person_id AS "helperPerson"
         FROM match_proposal p JOIN need n ON n.id = p.need_id JOIN helper h ON h.id = p.helper_id
        WHERE p.run_id = $1 AND p.tier = 'KIN' AND NOT p.safety_net AND h.person_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM match_proposal q WHERE q.need_id = p.need_id AND q.id <> p.id AND q.run_id = $1)
        ORDER BY p.id LIMIT 1`,
      [run.id],
    );
    ok(
      await api.gql(
        'mutation ($input: DecideProposalInput!) { confirmProposal(input: $input) { errors { field } } }',
        { input: { proposalId: toGlobalId('Proposal', p.id) } },
        coordinator,
      ),
      'confirmProposal',
    );

    // The agreement, and three signatures: the elder's by thumbprint.
    const { agreement } = ok(
      await api.gql(
        `mutation ($input: CreateCareAgreementInput!) { createCareAgreement(input: $input) { agreement { id } errors { field code } } }`,
        {
          input: {
            elderId: toGlobalId('Person', p.elder),
            helperId: toGlobalId('Helper', p.helper),
            needIds: [toGlobalId('Need', p.need)],
            duties: [{ duty: 'DAILY_CARE', text: '按时上门' }],
            startDate: '2026-12-07',
          },
        },
        coordinator,
      ),
      'createCareAgreement',
    );
    const helper = await api.token(Role.HELPER, village.id, p.helperPerson);
    const elder = await api.token(Role.FAMILY_PROXY, village.id, p.elder);
    ok(
      await api.gql(
        SIGN,
        { input: { agreementId: agreement.id, party: 'ELDER', signatureChannel: 'THUMBPRINT', witnessName: '组长' } },
        coordinator,
      ),
      'signCareAgreement',
    );
    ok(await api.gql(SIGN, { input: { agreementId: agreement.id, party: 'HELPER' } }, helper), 'signCareAgreement');
    const signed = ok(
      await api.gql(SIGN, { input: { agreementId: agreement.id, party: 'WITNESS' } }, coordinator),
      'signCareAgreement',
    );
    expect(signed.agreement.status).toBe('ACTIVE');

    // Visits appear over the coming two weeks; the helper sees them, with the elder's phone.
    const listed = await api.gql(
      `query ($a: ID!) { visits(agreementId: $a, first: 50) { edges { node { ${VISIT} } } } }`,
      { a: agreement.id },
      helper,
    );
    const visits = listed.data.visits.edges.map((e: any) => e.node);
    expect(visits.length).toBeGreaterThan(0);
    expect(visits.every((v: any) => v.status === 'SCHEDULED' && v.scheduledDate >= '2026-12-08')).toBe(true);
    expect(visits.every((v: any) => v.scheduledDate <= '2026-12-22')).toBe(true);
    expect(visits[0].agreement).toEqual({ id: agreement.id, status: 'ACTIVE' });
    expect(visits.length).toBeGreaterThanOrEqual(2);
    const [first, second] = visits;

    // On the first visit's day, evening: the helper checks in and out; a retried check-out writes once.
    const day = await startTestServer(db, { HUZHU_CLOCK: `${first.scheduledDate}T21:00:00+08:00` });
    try {
      const start = `${first.scheduledDate}T${first.windowStart.slice(0, 5)}:00+08:00`;
      const end = new Date(new Date(start).getTime() + 40 * 60_000).toISOString();
      expect(
        await refusedOn(day, CHECK_OUT, { visitId: first.id, notes: '做饭', at: end }, helper, 'checkOutVisit'),
      ).toEqual([{ field: 'visitId', code: 'CONFLICT' }]);
      const inResponse = await day.gql(CHECK_IN, { input: { visitId: first.id, at: start } }, helper);
      expect(inResponse.data.checkInVisit.visit.status).toBe('CHECKED_IN');
      if (second) {
        expect(await refusedOn(day, CHECK_IN, { visitId: second.id, at: start }, helper, 'checkInVisit')).toEqual(
          expect.arrayContaining([{ field: 'visitId', code: 'CONFLICT' }]),
        );
      }
      const out = { visitId: first.id, at: end, notes: '做饭、打扫', idempotencyKey: 'checkout-first-1' };
      const done = await day.gql(CHECK_OUT, { input: out }, helper);
      expect(done.data.checkOutVisit.visit).toMatchObject({ status: 'DONE', minutesDone: 40 });
      const rows = await db.dataSource.query('SELECT count(*)::int AS n FROM audit_entry');
      const again = await day.gql(CHECK_OUT, { input: out }, helper);
      expect(again.data.checkOutVisit).toEqual(done.data.checkOutVisit);
      expect(await db.dataSource.query('SELECT count(*)::int AS n FROM audit_entry')).toEqual(rows);

      // Another elder's family cannot confirm it; a rating of 6 is refused; the elder confirms with 5★.
      const [stranger] = await db.dataSource.query(
        `SELECT id FROM person WHERE id <> $1 AND region_id IN (SELECT id FROM region WHERE $2 = ANY(path))
           AND NOT EXISTS (SELECT 1 FROM relationship r WHERE (r.person_a_id = person.id AND r.person_b_id = $1)
                                                      OR (r.person_b_id = person.id AND r.person_a_id = $1)) LIMIT 1`,
        [p.elder, village.id],
      );
      const strangerToken = await api.token(Role.FAMILY_PROXY, village.id, stranger.id);
      expect(await refusedOn(day, CONFIRM, { visitId: first.id, rating: 5 }, strangerToken, 'confirmVisit')).toEqual([
        { field: 'visitId', code: 'NOT_FOUND' },
      ]);
      expect(await refusedOn(day, CONFIRM, { visitId: first.id, rating: 6 }, elder, 'confirmVisit')).toEqual([
        { field: 'rating', code: 'OUT_OF_RANGE' },
      ]);
      const confirmed = await day.gql(
        CONFIRM,
        { input: { visitId: first.id, rating: 5, tags: ['准时'], comment: '很好，谢谢' } },
        elder,
      );
      expect(confirmed.data.confirmVisit.visit).toMatchObject({
        status: 'VERIFIED',
        rating: 5,
        ratingComment: '很好，谢谢',
      });

      // A family member of the elder (not a party) follows the visits and ratings; a stranger sees none.
      const [kin] = await db.dataSource.query(
        `SELECT CASE WHEN person_a_id = $1 THEN person_b_id ELSE person_a_id END AS id FROM relationship
          WHERE $1 IN (person_a_id, person_b_id) AND kind IN ('KIN', 'SPOUSE')
            AND CASE WHEN person_a_id = $1 THEN person_b_id ELSE person_a_id END <> $2 LIMIT 1`,
        [p.elder, p.helperPerson],
      );
      const family = `query ($e: ID!) { visits(elderId: $e, status: [VERIFIED]) { edges { node { id rating ratingComment } } } }`;
      expect(kin).toBeDefined();
      const kinToken = await api.token(Role.FAMILY_PROXY, village.id, kin.id);
      const theirs = await day.gql(family, { e: toGlobalId('Person', p.elder) }, kinToken);
      expect(theirs.data.visits.edges.map((e: any) => e.node)).toEqual([
        { id: first.id, rating: 5, ratingComment: '很好，谢谢' },
      ]);
      const strangers = await day.gql(family, { e: toGlobalId('Person', p.elder) }, strangerToken);
      expect(strangers.data.visits.edges).toEqual([]);

      // The helper sees the stars, not the words.
      const seen = await day.gql(`{ visit(id: "${first.id}") { rating ratingComment } }`, {}, helper);
      expect(seen.data.visit).toEqual({ rating: 5, ratingComment: null });
      expect(seen.extensions?.redacted?.map((r) => r.field)).toEqual(['Visit.ratingComment']);

      // Hours appear, by helper and by elder.
      const month = first.scheduledDate.slice(0, 7);
      const hours = await day.gql(
        `query ($m: String!) { byHelper: serviceHours(month: $m, by: HELPER) { key visits minutesDone verifiedMinutes }
           byElder: serviceHours(month: $m, by: ELDER) { key verifiedMinutes } }`,
        { m: month },
        coordinator,
      );
      expect(hours.data.byHelper).toContainEqual({
        key: toGlobalId('Helper', p.helper),
        visits: 1,
        minutesDone: 40,
        verifiedMinutes: 40,
      });
      expect(hours.data.byElder).toContainEqual({ key: toGlobalId('Person', p.elder), verifiedMinutes: 40 });
    } finally {
      await day.close();
    }

    // A visit left unrecorded past its window and the grace period is MISSED, and an alert.
    const { createClient } = await import('graphql-ws');
    const { default: WebSocket } = await import('ws');
    const ws = createClient({
      url: api.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${coordinator}` },
      retryAttempts: 0,
    });
    const raised: unknown[] = [];
    const unsubscribe = ws.subscribe(
      { query: 'subscription { careAlertRaised { kind visit { id status } } }' },
      { next: (value) => raised.push(value.data?.careAlertRaised), error: (e) => raised.push(e), complete: () => {} },
    );
    // Subscribed before anything happens: wait until the server has the subscription.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await markMissedVisits(db.dataSource.manager, new Date(`${second.scheduledDate}T23:59:00+08:00`));
    for (let i = 0; i < 100 && raised.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    unsubscribe();
    await ws.dispose();
    expect(raised).toContainEqual({ kind: 'MISSED_VISIT', visit: { id: second.id, status: 'MISSED' } });
    const alerts = await api.gql('{ careAlerts(days: 30) { kind visit { id status } } }', {}, coordinator);
    expect(alerts.data.careAlerts).toContainEqual({ kind: 'MISSED_VISIT', visit: { id: second.id, status: 'MISSED' } });

    // The elder ends it: the need is OPEN, future visits are gone, the phone is no longer the helper's.
    const ended = await api.gql(
      `mutation ($input: EndCareAgreementInput!) { endCareAgreement(input: $input) { agreement { status needs { status } } errors { field } } }`,
      { input: { agreementId: agreement.id, endedBy: 'ELDER', reason: '不合适', excludeHelper: true } },
      elder,
    );
    expect(ended.data.endCareAgreement.agreement).toEqual({ status: 'ENDED', needs: [{ status: 'OPEN' }] });
    const after = await api.gql(
      `query ($a: ID!) { visits(agreementId: $a, first: 50) { edges { node { id status elderContact { phone } } } } }`,
      { a: agreement.id },
      helper,
    );
    const left = after.data.visits.edges.map((e: any) => e.node);
    expect(left.filter((v: any) => v.status === 'SCHEDULED')).toEqual([]);
    expect(left.every((v: any) => v.elderContact === null)).toBe(true);
    const next = await createRun(db.dataSource.manager, village, false, 'test');
    expect((await executeRun(db.dataSource, next.id)).status).toBe('SUCCEEDED');
    const proposed = await db.dataSource.query(
      `SELECT helper_id FROM match_proposal WHERE run_id = $1 AND need_id = $2`,
      [next.id, p.need],
    );
    expect(proposed.map((row: { helper_id: string }) => row.helper_id)).not.toContain(p.helper);
  });

  it('lists visits with their agreement, elder and helper in the same number of statements at 10 and 100 rows', async () => {
    const [agreement] = await db.dataSource.query(`SELECT id FROM care_agreement ORDER BY created_at LIMIT 1`);
    await db.dataSource.query(`UPDATE care_agreement SET status = 'ACTIVE' WHERE id = $1`, [agreement.id]);
    await db.dataSource.query(
      `UPDATE need SET status = 'MATCHED' WHERE id IN (SELECT need_id FROM care_agreement_need WHERE agreement_id = $1)`,
      [agreement.id],
    );
    await scheduleVisits(db.dataSource.manager, '2026-12-08', { agreementId: agreement.id, horizonDays: 800 });
    const counter = queryCounterOf(db.dataSource);
    const measure = async (first: number) => {
      clearProcessCaches(db.dataSource);
      counter.reset();
      const response = await api.gql(
        `query ($first: Int!) { visits(first: $first) { edges { node { id agreement { id careMode } elder { name }
           helper { id } need { serviceType } } } } }`,
        { first },
        coordinator,
      );
      expect(response.errors).toBeUndefined();
      return { rows: response.data.visits.edges.length, statements: counter.count };
    };
    const ten = await measure(10);
    const hundred = await measure(100);
    expect(ten.rows).toBe(10);
    expect(hundred.rows).toBe(100);
    expect(hundred.statements).toBe(ten.statements);
    expect(ten.statements).toBeGreaterThan(3);

    // The helper's record over the 90 days before a day: done of due, and the mean of the stars.
    const [{ helper_id: helperId }] = await db.dataSource.query('SELECT helper_id FROM care_agreement WHERE id = $1', [
      agreement.id,
    ]);
    await db.dataSource.query(
      `UPDATE visit SET status = CASE WHEN row_number % 3 = 0 THEN 'MISSED' ELSE 'VERIFIED' END,
                        rating = CASE WHEN row_number % 3 = 0 THEN NULL ELSE 3 + row_number % 3 END
         FROM (SELECT id AS vid, row_number() OVER (ORDER BY scheduled_date) AS row_number FROM visit
                WHERE agreement_id = $1 AND scheduled_date >= '2028-10-03' AND scheduled_date < '2029-01-01') numbered
        WHERE visit.id = numbered.vid`,
      [agreement.id],
    );
    const [expected] = await db.dataSource.query(
      `SELECT count(*)::int AS due, count(*) FILTER (WHERE status = 'VERIFIED')::int AS done, avg(rating)::float AS mean
         FROM visit WHERE agreement_id = $1 AND scheduled_date >= '2028-10-03' AND scheduled_date < '2029-01-01'`,
      [agreement.id],
    );
    expect(expected.due).toBeGreaterThanOrEqual(3);
    const records = await helperRecords(db.dataSource.manager, [helperId], '2029-01-01');
    expect(records.get(helperId)).toEqual({
      due: expected.due,
      done: expected.done,
      doneShare: expected.done / expected.due,
      ratings: expected.done,
      meanRating: Math.round(expected.mean * 100) / 100,
      inspections: 0,
      inspectionShare: null,
    });
    expect((await helperRecords(db.dataSource.manager, [helperId], '2026-12-01')).has(helperId)).toBe(false);
  });
});

async function refusedOn(
  server: TestServer,
  query: string,
  input: Record<string, unknown>,
  token: string,
  field: string,
) {
  const before = await snapshot(db.dataSource);
  const response = await server.gql(query, { input }, token);
  expect(response.errors).toBeUndefined();
  expect(await snapshot(db.dataSource)).toEqual(before);
  return response.data[field].errors.map((e: { field: string; code: string }) => ({ field: e.field, code: e.code }));
}
