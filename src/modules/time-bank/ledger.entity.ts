import { Column, Entity, PrimaryColumn } from 'typeorm';

export type Currency = 'MINUTES' | 'POINTS';
export type OwnerKind = 'PERSON' | 'HOUSEHOLD' | 'ORGANISATION' | 'POOL' | 'ISSUER';
export type EntryKind = 'DEPOSIT' | 'WITHDRAW' | 'TRANSFER' | 'DONATE' | 'ADJUST' | 'EARN' | 'REDEEM';

/** A time-bank or points account (its balance moves only with postings, in their transaction). */
@Entity('ledger_account')
export class LedgerAccount {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'county_id' }) countyId: string;
  @Column('text') currency: Currency;
  @Column('text', { name: 'owner_kind' }) ownerKind: OwnerKind;
  @Column('uuid', { name: 'owner_id', nullable: true }) ownerId: string | null;
  /** The lowest balance allowed (0; below 0 for a pool that may give credit). */
  @Column('bigint') floor: string;
  @Column('bigint') balance: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

/** One balanced movement, at its position in the county's append-only log. */
@Entity('ledger_entry')
export class LedgerEntry {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'county_id' }) countyId: string;
  @Column('bigint') position: string;
  @Column('text') currency: Currency;
  @Column('text') kind: EntryKind;
  @Column('text') reason: string;
  @Column('uuid', { name: 'visit_id', nullable: true }) visitId: string | null;
  @Column('uuid', { name: 'corrects_id', nullable: true }) correctsId: string | null;
  @Column('text', { nullable: true }) approver: string | null;
  @Column('integer', { name: 'policy_version' }) policyVersion: number;
  @Column('text', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  /** The canonical encoding the leaf hash is computed over. */
  @Column('text') canonical: string;
  @Column('bytea', { name: 'leaf_hash' }) leafHash: Buffer;
}

@Entity('ledger_posting')
export class LedgerPosting {
  @PrimaryColumn('uuid', { name: 'entry_id' }) entryId: string;
  @PrimaryColumn('uuid', { name: 'account_id' }) accountId: string;
  @Column('bigint') amount: string;
}
