import type { Context } from '../../context.ts';
import { forbidden } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import { Helper } from '../helper/helper.entity.ts';
import { lockHelper } from '../helper/helper.service.ts';
import { Need } from '../need/need.entity.ts';
import { NeedStatus } from '../need/need.enums.ts';
import { NeedStatusReason } from '../need/need-status-reason.enum.ts';
import { recordStatus } from '../need/need.service.ts';
import { CharityPledge, PledgeStatus } from '../public-need/pledge.entity.ts';
import { MatchRun } from './match-run.entity.ts';
import { ProposalStatus } from './matching.enums.ts';
import { MatchProposal } from './proposal.entity.ts';
import { RUN_ROLES } from './match-run.service.ts';
import type { DecideProposalInput, ReassignProposalInput, ReleaseAssignmentInput } from './matching.inputs.ts';
import {
  activeAssignment,
  activeAssignmentCount,
  createAssignment,
  helperLoad,
  releaseAssignment as endAssignment,
} from '../assignment/assignment.service.ts';

/**
 * The proposal and its need, both locked for the rest of the transaction (always in this order,
 * then the helper: see `lockHelper`), so that two decisions on the same proposal or the same need
 * run one after the other and the second sees what the first did.
 */
async function pendingProposal(
  ctx: Context,
  globalId: string,
  problems: Problems,
): Promise<{ proposal: MatchProposal; need: Need } | undefined> {
  const id = idOfType(globalId, 'Proposal');
  const proposal = id
    ? await ctx.em.findOne(MatchProposal, { where: { id }, lock: { mode: 'pessimistic_write' } })
    : null;
  const region = proposal ? await ctx.loaders.region.load(proposal.regionId) : undefined;
  if (!proposal || !region || !ctx.viewer.covers(region.path)) {
    problems.add('proposalId', UserErrorCode.NOT_FOUND, 'No proposal with this id in your region');
    return undefined;
  }
  if (!ctx.viewer.canWrite(region.path)) throw forbidden('You cannot decide proposals in this region');
  const run = await ctx.em.findOneByOrFail(MatchRun, { id: proposal.runId });
  const need = await ctx.em.findOneOrFail(Need, {
    where: { id: proposal.needId },
    lock: { mode: 'pessimistic_write' },
  });
  if (run.dryRun) problems.add('proposalId', UserErrorCode.CONFLICT, 'Proposals of a dry run cannot be decided');
  else if (proposal.status !== ProposalStatus.PROPOSED)
    problems.add('proposalId', UserErrorCode.CONFLICT, `This proposal is already ${proposal.status}`);
  else if (need.status !== NeedStatus.OPEN && need.status !== NeedStatus.PROPOSED)
    problems.add('proposalId', UserErrorCode.CONFLICT, `The need is ${need.status}`);
  return problems.any ? undefined : { proposal, need };
}

/** The helper still has room for this need: their load may have grown since the run. */
async function checkRoom(ctx: Context, helper: Helper, need: Need, field: string, problems: Problems): Promise<void> {
  const load = await helperLoad(ctx.em, helper.id);
  // A charity's pledge for this need is its room for it.
  const pledged =
    helper.organisationId !== null &&
    (await ctx.em.existsBy(CharityPledge, {
      organisationId: helper.organisationId,
      needId: need.id,
      status: PledgeStatus.ACTIVE,
    }));
  if (!pledged && (load.minutes + need.weeklyMinutes > helper.weeklyMinutes || load.elders + 1 > helper.maxElders)) {
    problems.add(field, UserErrorCode.CONFLICT, 'The helper has no room left for this need');
  }
  if (await activeAssignment(ctx.em, need.id, helper.id)) {
    problems.add(field, UserErrorCode.DUPLICATE, 'The helper already serves this need');
  }
}

/** A standing assignment; the need is MATCHED once it has all the helpers it takes. */
async function assign(ctx: Context, need: Need, helper: Helper): Promise<string> {
  const id = await createAssignment(ctx.em, {
    countyId: need.countyId,
    needId: need.id,
    helperId: helper.id,
    elderId: need.elderId,
    weeklyMinutes: need.weeklyMinutes,
    createdBy: ctx.viewer.subject,
  });
  const active = await activeAssignmentCount(ctx.em, need.id);
  if (active >= need.helpersNeeded) await recordStatus(ctx, need, NeedStatus.MATCHED, NeedStatusReason.CONFIRMED);
  return id;
}

/** After a rejection: back to OPEN when nothing else is pending or confirmed for the need. */
async function reopenIfEmpty(ctx: Context, need: Need, reason: NeedStatusReason): Promise<void> {
  const pending = await ctx.em.countBy(MatchProposal, { needId: need.id, status: ProposalStatus.PROPOSED });
  const active = await activeAssignmentCount(ctx.em, need.id);
  if (pending === 0 && active < need.helpersNeeded && need.status === NeedStatus.PROPOSED)
    await recordStatus(ctx, need, NeedStatus.OPEN, reason);
}

function decide(
  ctx: Context,
  proposal: MatchProposal,
  status: ProposalStatus,
  reason: string | null,
  assignmentId: string | null,
) {
  return ctx.em.update(
    MatchProposal,
    { id: proposal.id },
    { status, decidedBy: ctx.viewer.subject, decidedAt: new Date(), decisionReason: reason, assignmentId },
  );
}

const reload = (ctx: Context) => (id: string) =>
  ctx.em.findOneBy(MatchProposal, { id }).then((row) => row ?? undefined);

/** A lost race that the locks did not catch (none should get here) is a conflict, not a 500. */
const ASSIGNMENT_RACE = { assignment_need_helper_active_idx: 'proposalId' };

export function confirmProposal(ctx: Context, input: DecideProposalInput): Promise<MutationResult<MatchProposal>> {
  return runMutation(ctx, {
    action: 'confirmProposal',
    input,
    roles: RUN_ROLES,
    reload: reload(ctx),
    uniqueConstraints: ASSIGNMENT_RACE,
    check: async (problems) => {
      const found = await pendingProposal(ctx, input.proposalId, problems);
      if (!found) return undefined;
      const helper = (await lockHelper(ctx, found.proposal.helperId))!;
      await checkRoom(ctx, helper, found.need, 'proposalId', problems);
      if (problems.any) return undefined;
      return async () => {
        const assignmentId = await assign(ctx, found.need, helper);
        await decide(ctx, found.proposal, ProposalStatus.CONFIRMED, input.reason?.trim() || null, assignmentId);
        const result = await ctx.em.findOneByOrFail(MatchProposal, { id: found.proposal.id });
        return {
          result,
          entityType: 'Proposal',
          entityId: result.id,
          countyId: result.countyId,
          changedFields: ['status'],
        };
      };
    },
  });
}

export function rejectProposal(ctx: Context, input: DecideProposalInput): Promise<MutationResult<MatchProposal>> {
  return runMutation(ctx, {
    action: 'rejectProposal',
    input,
    roles: RUN_ROLES,
    reload: reload(ctx),
    check: async (problems) => {
      if (!input.reason?.trim()) problems.add('reason', UserErrorCode.REQUIRED, 'Say why the proposal is rejected');
      const found = await pendingProposal(ctx, input.proposalId, problems);
      if (!found || problems.any) return undefined;
      return async () => {
        await decide(ctx, found.proposal, ProposalStatus.REJECTED, input.reason!.trim(), null);
        await reopenIfEmpty(ctx, found.need, NeedStatusReason.PROPOSAL_REJECTED);
        const result = await ctx.em.findOneByOrFail(MatchProposal, { id: found.proposal.id });
        return {
          result,
          entityType: 'Proposal',
          entityId: result.id,
          countyId: result.countyId,
          changedFields: ['status'],
        };
      };
    },
  });
}

export function reassignProposal(ctx: Context, input: ReassignProposalInput): Promise<MutationResult<MatchProposal>> {
  return runMutation(ctx, {
    action: 'reassignProposal',
    input,
    roles: RUN_ROLES,
    reload: reload(ctx),
    uniqueConstraints: { assignment_need_helper_active_idx: 'helperId' },
    check: async (problems) => {
      const found = await pendingProposal(ctx, input.proposalId, problems);
      const helperId = idOfType(input.helperId, 'Helper');
      const helper = helperId ? await lockHelper(ctx, helperId) : null;
      if (!helper || (found && helper.countyId !== found.need.countyId))
        problems.add('helperId', UserErrorCode.NOT_FOUND, 'No helper in this county has this id');
      if (!found || !helper || problems.any) return undefined;
      if (!helper.serviceTypes.includes(found.need.serviceType))
        problems.add('helperId', UserErrorCode.CONFLICT, `This helper does not offer ${found.need.serviceType}`);
      if (!helper.active || !helper.consent)
        problems.add('helperId', UserErrorCode.CONFLICT, 'This helper is paused or has not consented');
      if (helper.personId === found.need.elderId)
        problems.add('helperId', UserErrorCode.CONFLICT, 'The elder cannot be their own helper');
      await checkRoom(ctx, helper, found.need, 'helperId', problems);
      if (problems.any) return undefined;
      return async () => {
        const assignmentId = await assign(ctx, found.need, helper);
        await decide(ctx, found.proposal, ProposalStatus.REASSIGNED, input.reason.trim(), assignmentId);
        const result = await ctx.em.findOneByOrFail(MatchProposal, { id: found.proposal.id });
        return {
          result,
          entityType: 'Proposal',
          entityId: result.id,
          countyId: result.countyId,
          changedFields: ['status', 'helperId'],
        };
      };
    },
  });
}

export function releaseAssignment(ctx: Context, input: ReleaseAssignmentInput): Promise<MutationResult<Need>> {
  return runMutation(ctx, {
    action: 'releaseAssignment',
    input,
    roles: RUN_ROLES,
    reload: (id) => ctx.em.findOneBy(Need, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const needId = idOfType(input.needId, 'Need');
      const helperId = idOfType(input.helperId, 'Helper');
      const assignment = needId && helperId ? await activeAssignment(ctx.em, needId, helperId) : null;
      const need = assignment ? await ctx.em.findOneByOrFail(Need, { id: assignment.needId }) : null;
      const region = need ? await ctx.loaders.region.load(need.regionId) : undefined;
      if (!assignment || !need || !region || !ctx.viewer.covers(region.path)) {
        problems.add('helperId', UserErrorCode.NOT_FOUND, 'This helper does not serve this need');
        return undefined;
      }
      if (!ctx.viewer.canWrite(region.path)) throw forbidden('You cannot release assignments in this region');
      return async () => {
        await endAssignment(ctx.em, assignment.id);
        if (need.status === NeedStatus.MATCHED)
          await recordStatus(ctx, need, NeedStatus.OPEN, NeedStatusReason.ASSIGNMENT_RELEASED, input.reason.trim());
        const result = await ctx.em.findOneByOrFail(Need, { id: need.id });
        return {
          result,
          entityType: 'Need',
          entityId: need.id,
          countyId: need.countyId,
          changedFields: ['assignments'],
        };
      };
    },
  });
}
