import { defineModule } from '../common/feature-module.ts';
import { AuditEntry, MutationReceipt } from './audit.entity.ts';

/** The audit trail and the idempotency receipts: written by common/mutation.ts through audit.service. */
export const auditModule = defineModule({
  name: 'audit',
  entities: [AuditEntry, MutationReceipt],
});
