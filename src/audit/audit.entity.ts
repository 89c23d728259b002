import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { EntryChannel } from './entry-channel.enum.ts';

/** Who wrote what, on whose behalf, through which channel. Field names only, never values. */
@Entity('audit_entry')
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('uuid', { name: 'county_id', nullable: true })
  countyId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  at: Date;

  @Column('text')
  actor: string;

  @Column('text', { name: 'actor_role' })
  actorRole: string;

  @Column('uuid', { name: 'on_behalf_of_id', nullable: true })
  onBehalfOfId: string | null;

  @Column('enum', { enum: EntryChannel, enumName: 'entry_channel' })
  channel: EntryChannel;

  @Column('text')
  action: string;

  @Column('text', { name: 'entity_type' })
  entityType: string;

  @Column('uuid', { name: 'entity_id' })
  entityId: string;

  @Column('text', { name: 'changed_fields', array: true })
  changedFields: string[];
}

/** Lets a retried mutation (same actor, same idempotency key) return its first result. */
@Entity('mutation_receipt')
export class MutationReceipt {
  @PrimaryColumn('text')
  actor: string;

  @PrimaryColumn('text', { name: 'idempotency_key' })
  idempotencyKey: string;

  @Column('text')
  action: string;

  /** sha256 of the input, so that a key reused for a different form is refused. */
  @Column('text', { name: 'input_hash' })
  inputHash: string;

  @Column('uuid', { name: 'entity_id' })
  entityId: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
