import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { depositForVisit } from '../../src/modules/time-bank/deposits.ts';
import { verifyLedger } from '../../src/modules/time-bank/ledger.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { hashLeaf, rfcVerifyInclusion } from '../support/rfc9162.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Verified visits pay into the time bank (issue #17, DEPOSIT): confirming a visit through GraphQL
 * credits its helper the minutes done × the county's rate, once, within the caps of the policy
 * version in force, which the entry names; an unverified visit is never paid.
 */
let db: TestDatabase;
let api: TestServer;
let village: Region;
let county: Region;
let coordinator: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 1, seed: 6, today: '2026-12-08' });
  village = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'VILLAGE' as never });
  county = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'COUNTY' as never });
  api = await startTestServer(db, { HUZHU_CLOCK: '2026-12-08T20:00:00+08:00' });
  coordinator = await api.token(Role.COORDINATOR, village.id);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

const CONFIRM = `mutation ($input: ConfirmVisitInput!) { confirmVisit(input: $input) { visit { status } errors { field code } } }`;

/** DONE visits awaiting confirmation, one per helper, with their minutes. */
async function doneVisits() {
  return db.dataSource.query(
    `SELECT DISTINCT ON (v.helper_id) v.id, v.helper_id, h.person_id, v.service_type,
            round(extract(epoch FROM v.checked_out_at - v.checked_in_at) / 60)::int AS minutes
       FROM visit v JOIN helper h ON h.id = v.helper_id
      WHERE v.status = 'DONE' AND h.person_id IS NOT NULL ORDER BY v.helper_id, v.id`,
  ) as Promise<{ id: string; helper_id: string; person_id: string; service_type: string; minutes: number }[]>;
}

const balanceOf = async (personId: string) =>
  (
    await db.dataSource.query(
      `SELECT coalesce((SELECT balance FROM ledger_account WHERE owner_kind = 'PERSON' AND owner_id = $1 AND currency = 'MINUTES'), 0)::int AS b`,
      [personId],
    )
  )[0].b as number;

describe('the time bank pays verified visits', () => {
  it('credits the minutes done at the rate, once, and never an unverified visit', async () => {
    const [visit, unverified] = await doneVisits();
    expect(visit.minutes).toBeGreaterThan(0);
    // Not yet verified: nothing is paid.
    expect(await depositForVisit(db.dataSource.manager, unverified.id, 'test', new Date())).toBe(0);
    expect(await balanceOf(unverified.person_id)).toBe(0);

    const confirmed = await api.gql(
      CONFIRM,
      { input: { visitId: toGlobalId('Visit', visit.id), rating: 5 } },
      coordinator,
    );
    expect(confirmed.data.confirmVisit).toEqual({ visit: { status: 'VERIFIED' }, errors: [] });
    const rate = visit.service_type === 'BATHING' ? 1.5 : 1;
    const expected = Math.min(Math.round(visit.minutes * rate), 600);
    expect(await balanceOf(visit.person_id)).toBe(expected);
    const [entry] = await db.dataSource.query(
      `SELECT kind, policy_version, created_by FROM ledger_entry WHERE visit_id = $1`,
      [visit.id],
    );
    expect(entry).toEqual({ kind: 'DEPOSIT', policy_version: 0, created_by: 'system:time-bank' });

    // A few more helpers' visits confirmed, so that the county's log has a tree worth proving in.
    for (const more of (await doneVisits()).filter((v) => v.id !== unverified.id).slice(0, 4))
      await api.gql(CONFIRM, { input: { visitId: toGlobalId('Visit', more.id), rating: 4 } }, coordinator);

    // The helper reads their own statement; each line comes with an audit path that a verifier
    // written from RFC 9162 checks against the county's head, from the line's own canonical text.
    const helper = await api.token(Role.HELPER, village.id, visit.person_id);
    const read = await api.gql(
      `query ($owner: ID!, $county: ID!) { timeBankAccount(ownerId: $owner) { balance statement {
         kind amount policyVersion canonical proof { leafIndex treeSize leafHash path rootHash } } }
         ledgerHead(countyId: $county) { size rootHash } }`,
      { owner: toGlobalId('Person', visit.person_id), county: toGlobalId('Region', county.id) },
      helper,
    );
    expect(read.errors).toBeUndefined();
    const { timeBankAccount, ledgerHead } = read.data;
    expect(timeBankAccount.balance).toBe(expected);
    const [line] = timeBankAccount.statement;
    expect(line).toMatchObject({ kind: 'DEPOSIT', amount: expected, policyVersion: 0 });
    const leaf = hashLeaf(Buffer.from(line.canonical, 'utf8'));
    expect(leaf.toString('hex')).toBe(line.proof.leafHash);
    expect(line.proof.rootHash).toBe(ledgerHead.rootHash);
    expect(ledgerHead.size).toBeGreaterThanOrEqual(5);
    const path = line.proof.path.map((hex: string) => Buffer.from(hex, 'hex'));
    expect(path.length).toBeGreaterThanOrEqual(2);
    expect(
      rfcVerifyInclusion(leaf, line.proof.leafIndex, ledgerHead.size, path, Buffer.from(ledgerHead.rootHash, 'hex')),
    ).toBe(true);
    // Another helper may not read it.
    const other = await api.token(Role.HELPER, village.id, unverified.person_id);
    const refused = await api.gql(
      `query ($owner: ID!) { timeBankAccount(ownerId: $owner) { balance } }`,
      { owner: toGlobalId('Person', visit.person_id) },
      other,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Confirming again is refused, and paying again does nothing.
    const again = await api.gql(CONFIRM, { input: { visitId: toGlobalId('Visit', visit.id), rating: 4 } }, coordinator);
    expect(again.data.confirmVisit.errors).toEqual([{ field: 'visitId', code: 'CONFLICT' }]);
    expect(await depositForVisit(db.dataSource.manager, visit.id, 'test', new Date())).toBe(0);
    expect(await balanceOf(visit.person_id)).toBe(expected);
  });

  it('pays within the weekly cap of the policy version in force, and says so', async () => {
    await db.dataSource.query(
      `INSERT INTO time_bank_policy (county_id, version, policy, created_by) VALUES ($1, 1, '{"weeklyCap": 10}', 'test')`,
      [county.id],
    );
    const [visit] = (await doneVisits()).filter((v) => v.minutes > 10);
    const confirmed = await api.gql(
      CONFIRM,
      { input: { visitId: toGlobalId('Visit', visit.id), rating: 5 } },
      coordinator,
    );
    expect(confirmed.data.confirmVisit.errors).toEqual([]);
    const [entry] = await db.dataSource.query(
      `SELECT e.policy_version, e.reason, p.amount::int FROM ledger_entry e JOIN ledger_posting p ON p.entry_id = e.id AND p.amount > 0
        WHERE e.visit_id = $1`,
      [visit.id],
    );
    expect(entry.policy_version).toBe(1);
    expect(entry.amount).toBeLessThanOrEqual(10);
    expect(entry.reason).toMatch(/within the caps$/);
    const report = await verifyLedger(db.dataSource.manager, county.id);
    expect(report).toMatchObject({ firstBad: null, badBalances: [] });
    const [{ total }] = await db.dataSource.query(
      'SELECT sum(balance)::int AS total FROM ledger_account WHERE currency = $1',
      ['MINUTES'],
    );
    expect(total).toBe(0);
  });

  it('moves minutes to kin only, never beyond the balance under racing requests, once per key', async () => {
    // A helper with kin, paid for a visit.
    const [pair] = await db.dataSource.query(
      `SELECT v.id AS visit, h.person_id AS giver, CASE WHEN r.person_a_id = h.person_id THEN r.person_b_id ELSE r.person_a_id END AS kin
         FROM visit v JOIN helper h ON h.id = v.helper_id
         JOIN relationship r ON r.kind IN ('KIN', 'SPOUSE') AND h.person_id IN (r.person_a_id, r.person_b_id)
        WHERE v.status = 'DONE' AND h.person_id IS NOT NULL AND v.checked_out_at - v.checked_in_at >= interval '20 minutes'
        ORDER BY v.id LIMIT 1`,
    );
    expect(pair).toBeDefined();
    await api.gql(CONFIRM, { input: { visitId: toGlobalId('Visit', pair.visit), rating: 5 } }, coordinator);
    const balance = await balanceOf(pair.giver);
    expect(balance).toBeGreaterThanOrEqual(6);
    const giver = await api.token(Role.HELPER, village.id, pair.giver);
    const TRANSFER = `mutation ($input: TransferTimeCreditInput!) { transferTimeCredit(input: $input) {
      transfer { entryId position fromBalance } errors { field code } } }`;
    const send = (input: Record<string, unknown>, token = giver) =>
      api.gql(TRANSFER, { input: { fromPersonId: toGlobalId('Person', pair.giver), ...input } }, token);

    // Not to a stranger; not someone else's minutes.
    const [stranger] = await db.dataSource.query(
      `SELECT p.id FROM person p WHERE p.id <> $1 AND p.county_id = $2 AND NOT EXISTS (
         SELECT 1 FROM relationship r WHERE (r.person_a_id = p.id AND r.person_b_id = $1) OR (r.person_b_id = p.id AND r.person_a_id = $1))
        ORDER BY p.id LIMIT 1`,
      [pair.giver, county.id],
    );
    expect(
      (await send({ toPersonId: toGlobalId('Person', stranger.id), minutes: 1 })).data.transferTimeCredit.errors,
    ).toEqual([{ field: 'toPersonId', code: 'NO_TIE' }]);
    const kinToken = await api.token(Role.FAMILY_PROXY, village.id, pair.kin);
    expect(
      (await send({ toPersonId: toGlobalId('Person', pair.kin), minutes: 1 }, kinToken)).data.transferTimeCredit.errors,
    ).toEqual([{ field: 'fromPersonId', code: 'OUT_OF_SCOPE' }]);

    // A retried form with the same key posts once.
    const keyed = { toPersonId: toGlobalId('Person', pair.kin), minutes: 1, idempotencyKey: 'transfer-key-0001' };
    const first = await send(keyed);
    const second = await send(keyed);
    expect(first.data.transferTimeCredit.errors).toEqual([]);
    expect(second.data.transferTimeCredit.transfer.entryId).toBe(first.data.transferTimeCredit.transfer.entryId);
    const left = await balanceOf(pair.giver);
    expect(left).toBe(balance - 1);

    // Six requests at once, each for half of what is left: two go through, the rest are refused.
    const half = Math.floor(left / 2);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => send({ toPersonId: toGlobalId('Person', pair.kin), minutes: half })),
    );
    const done = answers.filter((a) => a.data.transferTimeCredit.errors.length === 0);
    expect(done).toHaveLength(2);
    for (const refused of answers.filter((a) => a.data.transferTimeCredit.errors.length > 0))
      expect(refused.data.transferTimeCredit.errors).toEqual([{ field: 'minutes', code: 'OUT_OF_RANGE' }]);
    expect(await balanceOf(pair.giver)).toBe(left - 2 * half);
    expect(await balanceOf(pair.kin)).toBeGreaterThanOrEqual(1 + 2 * half);
    expect(await verifyLedger(db.dataSource.manager, county.id)).toMatchObject({ firstBad: null, badBalances: [] });
  });
});
