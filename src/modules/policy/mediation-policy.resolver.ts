import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { forbidden } from '../../common/errors.ts';
import type { MutationResult } from '../../common/mutation.ts';
import type { Context } from '../../context.ts';
import { canReadRegion } from '../region/region.service.ts';
import { mediationPolicyOf, updateMediationPolicy, type MediationPolicy } from './mediation-policy.ts';
import {
  MediationPolicyType,
  UpdateMediationPolicyInput,
  UpdateMediationPolicyPayload,
} from './mediation-policy.types.ts';
import { requireCounty } from './policy.service.ts';

@Resolver()
export class MediationPolicyResolver {
  @Query(() => MediationPolicyType, { description: "How fast the county's mediation committees answer complaints." })
  async mediationPolicy(
    @Arg('countyId', () => ID) countyId: string,
    @Ctx() ctx: Context,
  ): Promise<MediationPolicyType> {
    ctx.viewer.require();
    const county = await requireCounty(ctx, countyId);
    if (!(await canReadRegion(ctx, county))) throw forbidden('This county is outside your scope');
    return mediationPolicyOf(ctx.em, county.id);
  }

  @Mutation(() => UpdateMediationPolicyPayload, {
    description: "ADMIN or the county's officials set the hours to acknowledge and to resolve a complaint.",
  })
  updateMediationPolicy(
    @Arg('input', () => UpdateMediationPolicyInput) input: UpdateMediationPolicyInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<MediationPolicy & { isDefault: boolean }>> {
    return updateMediationPolicy(ctx, input);
  }
}
