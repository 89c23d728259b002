import { Role } from '../../auth/role.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { CreditSource } from '../credit/credit.enums.ts';
import { Complaint, ComplaintStep } from './complaint.entity.ts';
import { ComplaintStatus } from './complaint.enums.ts';
import type { ComplaintStepInput, DecideComplaintInput } from './complaint.inputs.ts';
import { canReadComplaint, reloadComplaint } from './complaint.service.ts';
import { applyOutcome } from './complaint-consequences.ts';

/**
 * The committee's steps (issue #16): RECEIVED → ACKNOWLEDGED → MEDIATING → RESOLVED, or (from any
 * open state) → ESCALATED to the county arbitration court → RULED. Mediators act inside their
 * village, coordinators inside their region, arbitrators inside their county; a complaint outside
 * it is a NOT_FOUND on `complaintId` (README, "One rule for writes").
 */
/** Set to the transaction's time (the database's clock, as `received_at` is). */
const NOW = Symbol('now()');
export const MEDIATION_ROLES = [Role.ADMIN, Role.COORDINATOR, Role.MEDIATOR];
export const ARBITRATION_ROLES = [Role.ADMIN, Role.ARBITRATOR];

/** The complaint of the input, locked; NOT_FOUND on `complaintId` when the viewer may not read it. */
async function lockedComplaint(ctx: Context, globalId: string, problems: Problems): Promise<Complaint | null> {
  const id = idOfType(globalId, 'Complaint');
  const complaint = id
    ? await ctx.em
        .getRepository(Complaint)
        .createQueryBuilder('c')
        .setLock('pessimistic_write')
        .where('c.id = :id', { id })
        .getOne()
    : null;
  if (!complaint || !(await canReadComplaint(ctx, complaint))) {
    problems.add('complaintId', UserErrorCode.NOT_FOUND, 'No complaint you may handle has this id');
    return null;
  }
  return complaint;
}

interface Step {
  action: string;
  roles: readonly Role[];
  from: readonly ComplaintStatus[];
  to: ComplaintStatus;
  /** The columns the step sets besides the status (timestamps, outcome). */
  set: (complaint: Complaint) => Record<string, unknown>;
  /** Checks of its own; may add problems. */
  check?: (complaint: Complaint, problems: Problems) => void;
  /** What else it writes, after the step (credit entries, a suspension). */
  then?: (complaint: Complaint) => Promise<void>;
}

function complaintStep(ctx: Context, input: ComplaintStepInput, step: Step): Promise<MutationResult<Complaint>> {
  return runMutation(ctx, {
    action: step.action,
    input,
    roles: step.roles,
    reload: reloadComplaint(ctx),
    check: async (problems) => {
      const complaint = await lockedComplaint(ctx, input.complaintId, problems);
      if (!complaint) return undefined;
      if (!step.from.includes(complaint.status))
        problems.add(
          'complaintId',
          UserErrorCode.CONFLICT,
          `The complaint is ${complaint.status}; this step needs it ${step.from.join(' or ')}`,
        );
      step.check?.(complaint, problems);
      if (problems.any) return undefined;
      return async () => {
        const columns = Object.entries(step.set(complaint));
        const values = columns.flatMap(([, value]) => (value === NOW ? [] : [value]));
        let n = 2;
        const assignments = columns.map(([column, value]) => `, ${column} = ${value === NOW ? 'now()' : `$${++n}`}`);
        await ctx.em.query(
          `UPDATE complaint SET status = $2, updated_at = now()${assignments.join('')} WHERE id = $1`,
          [complaint.id, step.to, ...values],
        );
        await ctx.em.insert(ComplaintStep, {
          complaintId: complaint.id,
          fromStatus: complaint.status,
          toStatus: step.to,
          actor: ctx.viewer.subject,
          text: input.text?.trim() || null,
        });
        await step.then?.(complaint);
        return {
          result: await ctx.em.findOneByOrFail(Complaint, { id: complaint.id }),
          entityType: 'Complaint',
          entityId: complaint.id,
          countyId: complaint.countyId,
          changedFields: ['status', ...Object.keys(step.set(complaint))],
        };
      };
    },
  });
}

export const acknowledgeComplaint = (ctx: Context, input: ComplaintStepInput) =>
  complaintStep(ctx, input, {
    action: 'acknowledgeComplaint',
    roles: MEDIATION_ROLES,
    from: [ComplaintStatus.RECEIVED],
    to: ComplaintStatus.ACKNOWLEDGED,
    set: () => ({ acknowledged_at: NOW }),
  });

export const startMediation = (ctx: Context, input: ComplaintStepInput) =>
  complaintStep(ctx, input, {
    action: 'startMediation',
    roles: MEDIATION_ROLES,
    from: [ComplaintStatus.ACKNOWLEDGED],
    to: ComplaintStatus.MEDIATING,
    set: () => ({}),
  });

export const escalateComplaint = (ctx: Context, input: ComplaintStepInput) =>
  complaintStep(ctx, input, {
    action: 'escalateComplaint',
    roles: MEDIATION_ROLES,
    from: [ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.MEDIATING],
    to: ComplaintStatus.ESCALATED,
    set: (complaint) => ({ escalated_at: NOW, ...(complaint.acknowledgedAt ? {} : { acknowledged_at: NOW }) }),
    check: (_complaint, problems) => {
      if (!input.text?.trim()) problems.add('text', UserErrorCode.REQUIRED, 'Say why it goes to arbitration');
    },
  });

/**
 * A decision — mediation's resolution or the court's ruling: an outcome and its words are required;
 * it sets them with its time column and writes what the outcome entails (applyOutcome).
 */
function decide(
  ctx: Context,
  input: DecideComplaintInput,
  step: Pick<Step, 'action' | 'roles' | 'from' | 'to'>,
  timeColumn: 'resolved_at' | 'ruled_at',
  source: CreditSource.MEDIATION | CreditSource.RULING,
): Promise<MutationResult<Complaint>> {
  return complaintStep(ctx, input, {
    ...step,
    set: () => ({ outcome: input.outcome, outcome_text: input.text?.trim(), [timeColumn]: NOW }),
    check: (_complaint, problems) => {
      if (!input.outcome) problems.add('outcome', UserErrorCode.REQUIRED, 'Say whether the complaint is upheld');
      if (!input.text?.trim()) problems.add('text', UserErrorCode.REQUIRED, 'Say what was decided, in words');
    },
    then: (complaint) =>
      applyOutcome(ctx.em, complaint, input.outcome!, input.text!.trim(), source, ctx.viewer.subject),
  });
}

export const resolveComplaint = (ctx: Context, input: DecideComplaintInput) =>
  decide(
    ctx,
    input,
    {
      action: 'resolveComplaint',
      roles: MEDIATION_ROLES,
      from: [ComplaintStatus.MEDIATING],
      to: ComplaintStatus.RESOLVED,
    },
    'resolved_at',
    CreditSource.MEDIATION,
  );

export const ruleOnComplaint = (ctx: Context, input: DecideComplaintInput) =>
  decide(
    ctx,
    input,
    {
      action: 'ruleOnComplaint',
      roles: ARBITRATION_ROLES,
      from: [ComplaintStatus.ESCALATED],
      to: ComplaintStatus.RULED,
    },
    'ruled_at',
    CreditSource.RULING,
  );
