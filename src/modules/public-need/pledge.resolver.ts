import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.ts';
import { Need } from '../need/need.entity.ts';
import { CharityPledge, PledgeStatus } from './pledge.entity.ts';
import {
  PledgeSupportInput,
  PledgeSupportPayload,
  WithdrawPledgeInput,
  WithdrawPledgePayload,
} from './pledge.inputs.ts';
import { pledgeSupport, withdrawPledge } from './pledge.service.ts';

@Resolver(() => CharityPledge)
export class PledgeResolver {
  @Query(() => [CharityPledge], { description: 'Charities: your pledges, newest first.' })
  myPledges(
    @Arg('status', () => PledgeStatus, { nullable: true }) status: PledgeStatus | null,
    @Ctx() ctx: Context,
  ): Promise<CharityPledge[]> {
    const charity = ctx.viewer.requireCharity();
    return ctx.em.find(CharityPledge, {
      where: { accountId: charity.accountId, ...(status ? { status } : {}) },
      order: { createdAt: 'DESC' },
      take: 500,
    });
  }

  @FieldResolver(() => String, { description: 'The charity that pledged.' })
  async organisationName(@Root() pledge: CharityPledge, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.organisation.load(pledge.organisationId))?.name ?? '';
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The public need pledged for.' })
  publicNeedId(@Root() pledge: CharityPledge, @Ctx() ctx: Context): Promise<string | undefined> {
    return ctx.loaders.publicIdOfNeed.load(pledge.needId);
  }

  @Mutation(() => PledgeSupportPayload, {
    description: 'Charities: offer help for a shared need; the next match run may propose you, a coordinator confirms.',
  })
  pledgeSupport(@Arg('input', () => PledgeSupportInput) input: PledgeSupportInput, @Ctx() ctx: Context) {
    return pledgeSupport(ctx, input);
  }

  @Mutation(() => WithdrawPledgePayload)
  withdrawPledge(@Arg('input', () => WithdrawPledgeInput) input: WithdrawPledgeInput, @Ctx() ctx: Context) {
    return withdrawPledge(ctx, input);
  }
}

@Resolver(() => Need)
export class NeedPledgesResolver {
  @FieldResolver(() => [CharityPledge], {
    description: "Charities' offers to take this need (see pledgeSupport); a match run may propose them.",
  })
  pledges(@Root() need: Need, @Ctx() ctx: Context): Promise<CharityPledge[]> {
    return ctx.loaders.pledgesOfNeed.load(need.id);
  }
}
