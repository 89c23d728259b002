import crypto from 'node:crypto';
import { Role } from '../../auth/role.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { Organisation } from '../organisation/organisation.entity.ts';
import { ensureOrganisationHelper } from '../helper/helper.service.ts';
import { findVisiblePublicNeed } from './public-need.service.ts';
import { CharityPledge, PledgeStatus } from './pledge.entity.ts';
import type { PledgeSupportInput, WithdrawPledgeInput } from './pledge.inputs.ts';

const reloadPledge = (ctx: Context) => (id: string) =>
  ctx.em.findOneBy(CharityPledge, { id }).then((row) => row ?? undefined);

export function pledgeSupport(ctx: Context, input: PledgeSupportInput): Promise<MutationResult<CharityPledge>> {
  return runMutation(ctx, {
    action: 'pledgeSupport',
    input,
    roles: [Role.CHARITY],
    reload: reloadPledge(ctx),
    uniqueConstraints: { charity_pledge_active_uq: 'publicNeedId' },
    check: async (problems) => {
      const charity = ctx.viewer.requireCharity();
      const found = await findVisiblePublicNeed(ctx, charity, input.publicNeedId);
      if (!found) {
        problems.add(
          'publicNeedId',
          UserErrorCode.NOT_FOUND,
          'No shared need with this id in your regions and services',
        );
        return undefined;
      }
      const existing = await ctx.em.findOneBy(CharityPledge, {
        organisationId: charity.organisationId,
        needId: found.needId,
        status: PledgeStatus.ACTIVE,
      });
      if (existing) {
        problems.add('publicNeedId', UserErrorCode.DUPLICATE, 'You have already pledged support for this need');
        return undefined;
      }
      return async () => {
        const organisation = await ctx.em.findOneByOrFail(Organisation, { id: charity.organisationId });
        await ensureOrganisationHelper(ctx.em, organisation);
        const id = crypto.randomUUID();
        await ctx.em.insert(CharityPledge, {
          id,
          accountId: charity.accountId,
          organisationId: charity.organisationId,
          needId: found.needId,
          countyId: found.countyId,
          weeklyMinutes: input.weeklyMinutes ?? found.weeklyMinutes,
          note: input.note?.trim() || null,
          status: PledgeStatus.ACTIVE,
        });
        const pledge = await ctx.em.findOneByOrFail(CharityPledge, { id });
        return {
          result: pledge,
          entityType: 'CharityPledge',
          entityId: id,
          countyId: found.countyId,
          changedFields: ['publicNeedId', 'weeklyMinutes', 'note'],
        };
      };
    },
  });
}

export function withdrawPledge(ctx: Context, input: WithdrawPledgeInput): Promise<MutationResult<CharityPledge>> {
  return runMutation(ctx, {
    action: 'withdrawPledge',
    input,
    roles: [Role.CHARITY],
    reload: reloadPledge(ctx),
    check: async (problems) => {
      const charity = ctx.viewer.requireCharity();
      const id = idOfType(input.id, 'CharityPledge');
      const pledge = id ? await ctx.em.findOneBy(CharityPledge, { id, accountId: charity.accountId }) : null;
      if (!pledge) {
        problems.add('id', UserErrorCode.NOT_FOUND, 'No pledge of yours has this id');
        return undefined;
      }
      if (pledge.status !== PledgeStatus.ACTIVE) {
        problems.add('id', UserErrorCode.CONFLICT, 'This pledge was already withdrawn');
        return undefined;
      }
      return async () => {
        await ctx.em.update(
          CharityPledge,
          { id: pledge.id },
          { status: PledgeStatus.WITHDRAWN, withdrawnAt: new Date() },
        );
        const updated = await ctx.em.findOneByOrFail(CharityPledge, { id: pledge.id });
        return {
          result: updated,
          entityType: 'CharityPledge',
          entityId: pledge.id,
          countyId: pledge.countyId,
          changedFields: ['status'],
        };
      };
    },
  });
}
