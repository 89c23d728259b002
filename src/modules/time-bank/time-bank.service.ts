import { WRITER_ROLES } from '../../auth/role.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { fromGlobalId, toGlobalId } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import { MerkleTree } from '../../ledger/merkle.ts';
import { requireCountyOfViewer } from '../policy/policy.service.ts';
import type { LedgerHead, StatementLine, TimeBankAccountType } from './time-bank.types.ts';

const OWNER_TYPES: Record<string, 'PERSON' | 'HOUSEHOLD' | 'ORGANISATION'> = {
  Person: 'PERSON',
  Household: 'HOUSEHOLD',
  Organisation: 'ORGANISATION',
};
const OWNER_TABLE = { PERSON: 'person', HOUSEHOLD: 'household', ORGANISATION: 'organisation' } as const;
const STATEMENT_LINES = 100;

/** The county's log as a tree, built once per request (proofs of a statement share it). */
async function countyTree(ctx: Context, countyId: string): Promise<MerkleTree> {
  const rows: { leaf_hash: Buffer }[] = await ctx.em.query(
    'SELECT leaf_hash FROM ledger_entry WHERE county_id = $1 ORDER BY position',
    [countyId],
  );
  return new MerkleTree(rows.map((row) => row.leaf_hash));
}

/**
 * An owner's account and statement (issue #17: "a person's statement comes with proofs of their
 * entries"). Read by the owner themself (a person's own token), and by officers of the owner's
 * region. Each line carries its canonical encoding and its audit path to the current head.
 */
export async function timeBankAccount(
  ctx: Context,
  ownerGlobalId: string,
  currency: string,
): Promise<TimeBankAccountType | null> {
  const claims = ctx.viewer.require();
  const decoded = fromGlobalId(ownerGlobalId);
  const ownerKind = decoded ? OWNER_TYPES[decoded.type] : undefined;
  if (!decoded || !ownerKind) throw notFound('No person, household or organisation has this id');
  const [owner]: { region_id: string; county_id: string }[] = await ctx.em.query(
    `SELECT region_id, county_id FROM ${OWNER_TABLE[ownerKind]} WHERE id = $1`,
    [decoded.id],
  );
  const region = owner ? await ctx.loaders.region.load(owner.region_id) : undefined;
  if (!owner || !region || !ctx.viewer.covers(region.path))
    throw notFound('No account holder in your region has this id');
  const self = ownerKind === 'PERSON' && claims.personId === decoded.id;
  if (!self && !WRITER_ROLES.has(claims.role))
    throw forbidden("Only the holder and the region's officers read an account");
  const [account]: { id: string; owner_kind: string; currency: string; balance: string; floor: string }[] =
    await ctx.em.query(
      `SELECT id, owner_kind, currency, balance::text, floor::text FROM ledger_account
        WHERE county_id = $1 AND owner_kind = $2 AND owner_id = $3 AND currency = $4`,
      [owner.county_id, ownerKind, decoded.id, currency],
    );
  if (!account) return null;
  const lines: {
    id: string;
    position: string;
    kind: string;
    amount: string;
    reason: string;
    policy_version: number;
    created_at: Date;
    canonical: string;
  }[] = await ctx.em.query(
    `SELECT e.id, e.position::text, e.kind, p.amount::text, e.reason, e.policy_version, e.created_at, e.canonical
       FROM ledger_posting p JOIN ledger_entry e ON e.id = p.entry_id
      WHERE p.account_id = $1 ORDER BY e.position DESC LIMIT ${STATEMENT_LINES}`,
    [account.id],
  );
  const tree = await countyTree(ctx, owner.county_id);
  const root = tree.root().toString('hex');
  const statement: StatementLine[] = lines.map((line) => {
    const index = Number(line.position);
    return {
      id: toGlobalId('LedgerEntry', line.id),
      position: index,
      kind: line.kind,
      amount: Number(line.amount),
      reason: line.reason,
      policyVersion: line.policy_version,
      createdAt: line.created_at,
      canonical: line.canonical,
      proof: {
        leafIndex: index,
        treeSize: tree.size,
        leafHash: tree.leaf(index).toString('hex'),
        path: tree.inclusionProof(index).map((hash) => hash.toString('hex')),
        rootHash: root,
      },
    };
  });
  return {
    id: toGlobalId('TimeBankAccount', account.id),
    ownerKind: account.owner_kind,
    currency: account.currency,
    balance: Number(account.balance),
    floor: Number(account.floor),
    statement,
  };
}

/** The county log's size and root now, for anyone working in the county. */
export async function ledgerHead(ctx: Context, countyGlobalId: string): Promise<LedgerHead> {
  const county = await requireCountyOfViewer(ctx, countyGlobalId);
  const tree = await countyTree(ctx, county.id);
  return { size: tree.size, rootHash: tree.root().toString('hex') };
}
