import type { EntityManager } from 'typeorm';
import type { Role } from '../auth/role.ts';
import { AuditEntry } from './audit.entity.ts';
import type { EntryChannel } from './entry-channel.enum.ts';

/** The role recorded when the platform acts on its own (webhook delivery, scheduled jobs), not a person. */
export const SYSTEM_ROLE = 'SYSTEM';
export type AuditRole = Role | typeof SYSTEM_ROLE;

export interface AuditRecord {
  countyId: string | null;
  actor: string;
  actorRole: AuditRole;
  onBehalfOfId?: string | null;
  channel: EntryChannel;
  action: string;
  entityType: string;
  entityId: string;
  /** Field names only, never values. */
  changedFields: string[];
}

/** The one writer of the audit trail, inside the caller's transaction. */
export async function recordAudit(em: EntityManager, record: AuditRecord): Promise<void> {
  await em.insert(AuditEntry, { ...record, onBehalfOfId: record.onBehalfOfId ?? null });
}
