import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { forbidden } from '../../common/errors.ts';
import type { Context } from '../../context.ts';
import { canReadRegion } from '../region/region.service.ts';
import { PriorityWeightsType, UpdatePriorityWeightsInput, UpdatePriorityWeightsPayload } from './policy.types.ts';
import {
  matchingPolicyOf,
  priorityWeightsOf,
  requireCounty,
  updateMatchingPolicy,
  resetMatchingPolicy,
  updatePriorityWeights,
} from './policy.service.ts';
import {
  MatchingPolicyType,
  ResetMatchingPolicyInput,
  UpdateMatchingPolicyInput,
  UpdateMatchingPolicyPayload,
} from './matching-policy.types.ts';

@Resolver()
export class PolicyResolver {
  @Query(() => PriorityWeightsType, { description: "How the county scores needs' priority." })
  async priorityWeights(
    @Arg('countyId', () => ID) countyId: string,
    @Ctx() ctx: Context,
  ): Promise<PriorityWeightsType> {
    ctx.viewer.require();
    const county = await requireCounty(ctx, countyId);
    if (!(await canReadRegion(ctx, county))) throw forbidden('This county is outside your scope');
    return priorityWeightsOf(ctx, county.id);
  }

  @Mutation(() => UpdatePriorityWeightsPayload, {
    description: "ADMIN or the county's officials tune the priority rule.",
  })
  async updatePriorityWeights(
    @Arg('input', () => UpdatePriorityWeightsInput) input: UpdatePriorityWeightsInput,
    @Ctx() ctx: Context,
  ): Promise<UpdatePriorityWeightsPayload> {
    const { result, errors } = await updatePriorityWeights(ctx, input);
    return { priorityWeights: result, errors };
  }

  @Query(() => MatchingPolicyType, { description: 'How the county weighs the rings and the rest when matching.' })
  async matchingPolicy(@Arg('countyId', () => ID) countyId: string, @Ctx() ctx: Context): Promise<MatchingPolicyType> {
    ctx.viewer.require();
    const county = await requireCounty(ctx, countyId);
    if (!(await canReadRegion(ctx, county))) throw forbidden('This county is outside your scope');
    return matchingPolicyOf(ctx, county.id);
  }

  @Mutation(() => UpdateMatchingPolicyPayload, {
    description: "ADMIN or the county's officials set the ring weights and the rest; the next run snapshots it.",
  })
  async updateMatchingPolicy(
    @Arg('input', () => UpdateMatchingPolicyInput) input: UpdateMatchingPolicyInput,
    @Ctx() ctx: Context,
  ): Promise<UpdateMatchingPolicyPayload> {
    const { result, errors } = await updateMatchingPolicy(ctx, input);
    return { matchingPolicy: result, errors };
  }

  @Mutation(() => UpdateMatchingPolicyPayload, {
    description:
      "ADMIN or the county's officials put the matching policy back to the defaults; the next run snapshots it.",
  })
  async resetMatchingPolicy(
    @Arg('input', () => ResetMatchingPolicyInput) input: ResetMatchingPolicyInput,
    @Ctx() ctx: Context,
  ): Promise<UpdateMatchingPolicyPayload> {
    const { result, errors } = await resetMatchingPolicy(ctx, input);
    return { matchingPolicy: result, errors };
  }
}
