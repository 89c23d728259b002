import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafHash, MerkleTree, verifyInclusion } from '../../src/ledger/merkle.ts';
import type { LedgerAccount } from '../../src/modules/time-bank/ledger.entity.ts';
import { accountOf, LedgerRefusal, postEntry, verifyLedger } from '../../src/modules/time-bank/ledger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty, type SmallCounty } from '../support/fixtures.ts';
import { bin, root } from '../support/processes.ts';

/**
 * The time bank's ledger (issue #17) on a real PostgreSQL: random operations replay to the
 * balances and sum to zero per currency; withdrawals racing on one account never overdraw it;
 * nothing is updated or deleted; a tampered amount is named by verify and breaks the proofs.
 */
let db: TestDatabase;
let county: SmallCounty;
let people: LedgerAccount[];
let pool: LedgerAccount;

beforeAll(async () => {
  db = await createTestDatabase();
  county = await insertSmallCounty(db.dataSource, '990061');
  const em = db.dataSource.manager;
  people = [];
  for (let i = 0; i < 6; i += 1) {
    const person = await insertPerson(db.dataSource, county.groupA, { name: `储户${i}` });
    people.push(await accountOf(em, county.county.id, 'MINUTES', 'PERSON', person.id));
  }
  // The county's pool may give credit down to −500 minutes.
  pool = await accountOf(em, county.county.id, 'MINUTES', 'POOL', null, -500);
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

const base = { countyId: '', currency: 'MINUTES' as const, policyVersion: 1, createdBy: 'test', at: new Date() };

/** A tiny deterministic PRNG (mulberry32), so that a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the ledger', () => {
  it('keeps every balance equal to the replay of its postings, each currency at zero, none below its floor', async () => {
    const random = prng(17);
    const accounts = [pool, ...people];
    const model = new Map(accounts.map((a) => [a.id, 0]));
    const floors = new Map(accounts.map((a) => [a.id, Number(a.floor)]));
    let refused = 0;
    for (let i = 0; i < 1500; i += 1) {
      const from = accounts[Math.floor(random() * accounts.length)];
      let to = accounts[Math.floor(random() * accounts.length)];
      if (to.id === from.id) to = accounts[(accounts.indexOf(from) + 1) % accounts.length];
      const amount = 1 + Math.floor(random() * 120);
      try {
        await db.dataSource.transaction((em) =>
          postEntry(em, {
            ...base,
            countyId: county.county.id,
            kind: from.id === pool.id ? 'DEPOSIT' : 'TRANSFER',
            reason: `op ${i}`,
            postings: [
              { accountId: from.id, amount: -amount },
              { accountId: to.id, amount },
            ],
          }),
        );
        model.set(from.id, model.get(from.id)! - amount);
        model.set(to.id, model.get(to.id)! + amount);
      } catch (error) {
        if (!(error instanceof LedgerRefusal)) throw error;
        expect(model.get(from.id)! - amount).toBeLessThan(floors.get(from.id)!);
        refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(0);
    const rows: { id: string; balance: string; replay: string }[] = await db.dataSource.query(
      `SELECT a.id, a.balance::text, coalesce((SELECT sum(amount) FROM ledger_posting p WHERE p.account_id = a.id), 0)::text AS replay
         FROM ledger_account a WHERE a.county_id = $1`,
      [county.county.id],
    );
    for (const row of rows) {
      expect(row.balance).toBe(row.replay);
      expect(Number(row.balance)).toBe(model.get(row.id));
      expect(Number(row.balance)).toBeGreaterThanOrEqual(floors.get(row.id)!);
    }
    expect(rows.reduce((sum, row) => sum + Number(row.balance), 0)).toBe(0);
    const report = await verifyLedger(db.dataSource.manager, county.county.id);
    expect(report).toMatchObject({ entries: 1500 - refused, firstBad: null, badBalances: [] });
  }, 240_000);

  it('refuses unbalanced, one-sided and non-whole entries, and writes nothing', async () => {
    const [a, b] = people;
    const count = async () => (await db.dataSource.query('SELECT count(*)::int AS n FROM ledger_entry'))[0].n;
    const before = await count();
    const attempt = (postings: { accountId: string; amount: number }[]) =>
      db.dataSource
        .transaction((em) =>
          postEntry(em, { ...base, countyId: county.county.id, kind: 'TRANSFER', reason: 'x', postings }),
        )
        .then(
          () => null,
          (error: LedgerRefusal) => [error.field, error.code],
        );
    expect(
      await attempt([
        { accountId: a.id, amount: -5 },
        { accountId: b.id, amount: 4 },
      ]),
    ).toEqual(['postings', 'INVALID']);
    expect(
      await attempt([
        { accountId: a.id, amount: 0 },
        { accountId: b.id, amount: 0 },
      ]),
    ).toEqual(['amount', 'OUT_OF_RANGE']);
    expect(
      await attempt([
        { accountId: a.id, amount: -1.5 },
        { accountId: b.id, amount: 1.5 },
      ]),
    ).toEqual(['amount', 'OUT_OF_RANGE']);
    expect(await attempt([{ accountId: a.id, amount: 1 }])).toEqual(['postings', 'INVALID']);
    expect(
      await attempt([
        { accountId: a.id, amount: -1 },
        { accountId: crypto.randomUUID(), amount: 1 },
      ]),
    ).toEqual(['postings', 'NOT_FOUND']);
    expect(await count()).toBe(before);
  });

  it('never overdraws an account under racing withdrawals', async () => {
    // A county of its own, so that the random walk above leaves its pool alone.
    const em = db.dataSource.manager;
    const other = await insertSmallCounty(db.dataSource, '990062');
    const person = await insertPerson(db.dataSource, other.groupA, { name: '抢兑' });
    const friend = await insertPerson(db.dataSource, other.groupA, { name: '邻居' });
    const racer = await accountOf(em, other.county.id, 'MINUTES', 'PERSON', person.id);
    const payee = await accountOf(em, other.county.id, 'MINUTES', 'PERSON', friend.id);
    const otherPool = await accountOf(em, other.county.id, 'MINUTES', 'POOL', null, -1000);
    await db.dataSource.transaction((tx) =>
      postEntry(tx, {
        ...base,
        countyId: other.county.id,
        kind: 'DEPOSIT',
        reason: 'seed 100',
        postings: [
          { accountId: otherPool.id, amount: -100 },
          { accountId: racer.id, amount: 100 },
        ],
      }),
    );
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        db.dataSource.transaction((tx) =>
          postEntry(tx, {
            ...base,
            countyId: other.county.id,
            kind: 'WITHDRAW',
            reason: `race ${i}`,
            postings: [
              { accountId: racer.id, amount: -30 },
              { accountId: payee.id, amount: 30 },
            ],
          }),
        ),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    expect(
      outcomes
        .filter((o) => o.status === 'rejected')
        .every((o) => (o as PromiseRejectedResult).reason instanceof LedgerRefusal),
    ).toBe(true);
    const [{ balance }] = await db.dataSource.query('SELECT balance::int FROM ledger_account WHERE id = $1', [
      racer.id,
    ]);
    expect(balance).toBe(10);
  });

  it('is append-only, and verify names a tampered entry whose old proofs no longer hold', async () => {
    const em = db.dataSource.manager;
    await expect(em.query(`UPDATE ledger_posting SET amount = amount + 1`)).rejects.toThrow(/append-only/);
    await expect(em.query(`DELETE FROM ledger_entry`)).rejects.toThrow(/append-only/);
    await expect(em.query(`TRUNCATE ledger_posting CASCADE`)).rejects.toThrow(/append-only/);

    // A proof of entry 7, against today's head.
    const leaves: { leaf_hash: Buffer }[] = await em.query(
      'SELECT leaf_hash FROM ledger_entry WHERE county_id = $1 ORDER BY position',
      [county.county.id],
    );
    const tree = new MerkleTree(leaves.map((row) => row.leaf_hash));
    const head = tree.root();
    const proof = tree.inclusionProof(7);
    const [seventh] = await em.query('SELECT id, canonical FROM ledger_entry WHERE county_id = $1 AND position = 7', [
      county.county.id,
    ]);
    const leaf = leafHash(Buffer.from(seventh.canonical));
    expect(verifyInclusion(leaf, 7, tree.size, proof, head)).toBe(true);

    const verify = () =>
      spawnSync(process.execPath, [bin, 'ledger', 'verify', '--region', county.county.code], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: db.url },
        encoding: 'utf8',
        timeout: 120_000,
      });
    const clean = verify();
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stderr).toMatch(/entries verified in \d+ ms, root [0-9a-f]{64}/);

    // Someone with the database's keys changes one amount (both sides, so it still balances).
    await em.query('ALTER TABLE ledger_posting DISABLE TRIGGER ledger_posting_append_only');
    await em.query(`UPDATE ledger_posting SET amount = amount * 2 WHERE entry_id = $1`, [seventh.id]);
    await em.query('ALTER TABLE ledger_posting ENABLE TRIGGER ledger_posting_append_only');
    const report = await verifyLedger(em, county.county.id);
    expect(report.firstBad).toEqual({ position: 7, id: seventh.id, why: 'its rows do not hash to its recorded leaf' });
    expect(report.badBalances.length).toBeGreaterThan(0);
    // The command says the same, and fails.
    const tampered = verify();
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toContain(
      `entry 7 (${seventh.id}) does not match: its rows do not hash to its recorded leaf`,
    );
    // The head recomputed from the rows is not the one published before, and the proof issued
    // then does not hold against it.
    expect(report.root).not.toBe(head.toString('hex'));
    expect(verifyInclusion(leaf, 7, tree.size, proof, Buffer.from(report.root, 'hex'))).toBe(false);
  });
});
