import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../../common/canonical-json.ts';
import { leafHash, MerkleTree } from '../../ledger/merkle.ts';
import { LedgerAccount, LedgerEntry, type Currency, type EntryKind, type OwnerKind } from './ledger.entity.ts';

/**
 * Posting to the time bank's ledger (issue #17). An entry is balanced (its postings sum to zero),
 * of one currency and one county, over distinct accounts; the accounts are locked in id order
 * (no deadlock between two entries on the same pair), each balance checked against its floor,
 * then moved with the entry. The county's log is appended under a per-county lock, so positions
 * are dense and in commit order: position n is the (n+1)-th leaf of the county's Merkle tree.
 */
export class LedgerRefusal extends Error {
  constructor(
    readonly field: string,
    readonly code: 'OUT_OF_RANGE' | 'INVALID' | 'CONFLICT' | 'NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}

export interface Posting {
  accountId: string;
  amount: number;
}

export interface NewEntry {
  countyId: string;
  currency: Currency;
  kind: EntryKind;
  postings: Posting[];
  reason: string;
  visitId?: string | null;
  correctsId?: string | null;
  approver?: string | null;
  policyVersion: number;
  createdBy: string;
  at: Date;
}

/** The account of an owner in a currency, opened on first use (floor 0; a pool's floor as given). */
export async function accountOf(
  em: EntityManager,
  countyId: string,
  currency: Currency,
  ownerKind: OwnerKind,
  ownerId: string | null,
  floor = 0,
): Promise<LedgerAccount> {
  await em.query(
    `INSERT INTO ledger_account (id, county_id, currency, owner_kind, owner_id, floor)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [crypto.randomUUID(), countyId, currency, ownerKind, ownerId, floor],
  );
  return em
    .getRepository(LedgerAccount)
    .createQueryBuilder('a')
    .where('a.county_id = :countyId AND a.currency = :currency AND a.owner_kind = :ownerKind', {
      countyId,
      currency,
      ownerKind,
    })
    .andWhere(ownerId === null ? 'a.owner_id IS NULL' : 'a.owner_id = :ownerId', { ownerId })
    .getOneOrFail();
}

/**
 * What an entry's leaf hash is computed over: its county, position, id, kind, currency, postings
 * (by account), reason, visit, correction, approver, policy version, author and time, as
 * canonical JSON (keys sorted). `huzhu ledger verify` recomputes it from the rows.
 */
export function canonicalEntry(entry: Omit<NewEntry, 'at'> & { id: string; position: number; at: string }): string {
  return canonicalJson({
    v: 1,
    county: entry.countyId,
    position: entry.position,
    id: entry.id,
    kind: entry.kind,
    currency: entry.currency,
    postings: [...entry.postings]
      .sort((a, b) => (a.accountId < b.accountId ? -1 : 1))
      .map((p) => [p.accountId, p.amount]),
    reason: entry.reason,
    visit: entry.visitId ?? null,
    corrects: entry.correctsId ?? null,
    approver: entry.approver ?? null,
    policyVersion: entry.policyVersion,
    createdBy: entry.createdBy,
    at: entry.at,
  });
}

function refuseMalformed(entry: NewEntry): void {
  if (entry.postings.length < 2)
    throw new LedgerRefusal('postings', 'INVALID', 'An entry moves between two accounts at least');
  const ids = entry.postings.map((p) => p.accountId);
  if (new Set(ids).size !== ids.length) throw new LedgerRefusal('postings', 'INVALID', 'An account is posted twice');
  for (const p of entry.postings)
    if (!Number.isSafeInteger(p.amount) || p.amount === 0)
      throw new LedgerRefusal('amount', 'OUT_OF_RANGE', 'Amounts are whole, non-zero numbers');
  if (entry.postings.reduce((sum, p) => sum + p.amount, 0) !== 0)
    throw new LedgerRefusal('postings', 'INVALID', 'An entry must balance: its postings sum to zero');
}

/** Appends a balanced entry and moves the balances, in the caller's transaction. */
export async function postEntry(em: EntityManager, entry: NewEntry): Promise<LedgerEntry> {
  refuseMalformed(entry);
  const ids = entry.postings.map((p) => p.accountId).sort();
  const accounts: { id: string; county_id: string; currency: string; floor: string; balance: string }[] =
    await em.query(
      'SELECT id, county_id, currency, floor::text, balance::text FROM ledger_account WHERE id = ANY($1) ORDER BY id FOR UPDATE',
      [ids],
    );
  if (accounts.length !== ids.length) throw new LedgerRefusal('postings', 'NOT_FOUND', 'An account does not exist');
  const byId = new Map(accounts.map((a) => [a.id, a]));
  for (const p of entry.postings) {
    const account = byId.get(p.accountId)!;
    if (account.county_id !== entry.countyId || account.currency !== entry.currency)
      throw new LedgerRefusal('postings', 'INVALID', 'Every account of an entry is of its county and currency');
    if (BigInt(account.balance) + BigInt(p.amount) < BigInt(account.floor))
      throw new LedgerRefusal('amount', 'OUT_OF_RANGE', 'Not enough in the account for this');
  }
  // The county's log: one appender at a time, positions dense and in commit order.
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('huzhu:ledger:' || $1, 0))`, [entry.countyId]);
  const [{ next }]: { next: string }[] = await em.query(
    'SELECT coalesce(max(position) + 1, 0)::text AS next FROM ledger_entry WHERE county_id = $1',
    [entry.countyId],
  );
  const id = crypto.randomUUID();
  const at = entry.at.toISOString();
  const canonical = canonicalEntry({ ...entry, id, position: Number(next), at });
  await em.query(
    `INSERT INTO ledger_entry (id, county_id, position, currency, kind, reason, visit_id, corrects_id, approver,
                               policy_version, created_by, created_at, canonical, leaf_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      id,
      entry.countyId,
      next,
      entry.currency,
      entry.kind,
      entry.reason,
      entry.visitId ?? null,
      entry.correctsId ?? null,
      entry.approver ?? null,
      entry.policyVersion,
      entry.createdBy,
      at,
      canonical,
      leafHash(Buffer.from(canonical, 'utf8')),
    ],
  );
  await em.query(
    `INSERT INTO ledger_posting (entry_id, account_id, amount) SELECT $1, account_id, amount
       FROM unnest($2::uuid[], $3::bigint[]) AS p(account_id, amount)`,
    [id, entry.postings.map((p) => p.accountId), entry.postings.map((p) => p.amount)],
  );
  await em.query(
    `UPDATE ledger_account a SET balance = a.balance + p.amount
       FROM unnest($1::uuid[], $2::bigint[]) AS p(account_id, amount) WHERE a.id = p.account_id`,
    [entry.postings.map((p) => p.accountId), entry.postings.map((p) => p.amount)],
  );
  return em.findOneByOrFail(LedgerEntry, { id });
}

export interface VerifyReport {
  entries: number;
  /** The Merkle root over the leaves recomputed from the rows. */
  root: string;
  /** The first entry whose stored leaf does not match its rows, or whose position breaks the sequence. */
  firstBad: { position: number; id: string; why: string } | null;
  /** Accounts whose balance is not the sum of their postings. */
  badBalances: string[];
}

/**
 * Recomputes a county's log from the database: each entry's canonical encoding from its rows and
 * postings, its leaf hash, the positions' sequence, the Merkle root, and every balance from the
 * postings. Names the first entry that does not match.
 */
export async function verifyLedger(em: EntityManager, countyId: string): Promise<VerifyReport> {
  const rows: {
    id: string;
    position: string;
    currency: Currency;
    kind: EntryKind;
    reason: string;
    visit_id: string | null;
    corrects_id: string | null;
    approver: string | null;
    policy_version: number;
    created_by: string;
    created_at: Date;
    leaf_hash: Buffer;
    postings: [string, string][];
  }[] = await em.query(
    `SELECT e.id, e.position::text, e.currency, e.kind, e.reason, e.visit_id, e.corrects_id, e.approver, e.policy_version,
            e.created_by, e.created_at, e.leaf_hash,
            (SELECT json_agg(json_build_array(p.account_id, p.amount::text)) FROM ledger_posting p WHERE p.entry_id = e.id) AS postings
       FROM ledger_entry e WHERE e.county_id = $1 ORDER BY e.position`,
    [countyId],
  );
  let firstBad: VerifyReport['firstBad'] = null;
  const leaves: Buffer[] = [];
  rows.forEach((row, index) => {
    const canonical = canonicalEntry({
      id: row.id,
      countyId,
      position: Number(row.position),
      currency: row.currency,
      kind: row.kind,
      reason: row.reason,
      visitId: row.visit_id,
      correctsId: row.corrects_id,
      approver: row.approver,
      policyVersion: row.policy_version,
      createdBy: row.created_by,
      at: new Date(row.created_at).toISOString(),
      postings: (row.postings ?? []).map(([accountId, amount]) => ({ accountId, amount: Number(amount) })),
    });
    const leaf = leafHash(Buffer.from(canonical, 'utf8'));
    leaves.push(leaf);
    if (firstBad) return;
    const sum = (row.postings ?? []).reduce((total, [, amount]) => total + BigInt(amount), 0n);
    if (Number(row.position) !== index) firstBad = { position: index, id: row.id, why: 'a position is missing' };
    else if (sum !== 0n) firstBad = { position: index, id: row.id, why: 'its postings do not sum to zero' };
    else if (!leaf.equals(row.leaf_hash))
      firstBad = { position: index, id: row.id, why: 'its rows do not hash to its recorded leaf' };
  });
  const badBalances: { id: string }[] = await em.query(
    `SELECT a.id FROM ledger_account a
      WHERE a.county_id = $1 AND a.balance <> coalesce((SELECT sum(p.amount) FROM ledger_posting p WHERE p.account_id = a.id), 0)
      ORDER BY a.id`,
    [countyId],
  );
  return {
    entries: rows.length,
    // The root of what the rows say now: a head signed before a tampering no longer matches it.
    root: new MerkleTree(leaves).root().toString('hex'),
    firstBad,
    badBalances: badBalances.map((row) => row.id),
  };
}
