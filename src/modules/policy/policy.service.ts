import type { Context } from '../../context.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode } from '../../common/user-error.ts';
import { Role } from '../../auth/role.ts';
import { RegionKind } from '../region/region.enums.ts';
import { CountyPolicy } from './county-policy.entity.ts';
import { DEFAULT_PRIORITY_WEIGHTS, priorityWeightsProblems, type PriorityWeights } from './priority.ts';
import type { UpdatePriorityWeightsInput } from './policy.types.ts';

export interface CountyWeights extends PriorityWeights {
  isDefault: boolean;
}

export async function priorityWeightsOf(ctx: Context, countyId: string): Promise<CountyWeights> {
  const policy = await ctx.loaders.countyPolicy.load(countyId);
  return policy?.priorityWeights ? { ...DEFAULT_PRIORITY_WEIGHTS, ...policy.priorityWeights, isDefault: false } : { ...DEFAULT_PRIORITY_WEIGHTS, isDefault: true };
}

export async function requireCounty(ctx: Context, globalId: string) {
  const id = idOfType(globalId, 'Region');
  const county = id ? await ctx.loaders.region.load(id) : undefined;
  if (!county || county.kind !== RegionKind.COUNTY) throw notFound('No county has this id');
  return county;
}

export function updatePriorityWeights(ctx: Context, input: UpdatePriorityWeightsInput): Promise<MutationResult<CountyWeights>> {
  return runMutation(ctx, {
    action: 'updatePriorityWeights',
    input,
    roles: [Role.ADMIN, Role.COUNTY_OFFICIAL],
    reload: async (id) => priorityWeightsOf(ctx, id),
    check: async (problems) => {
      const county = await requireCounty(ctx, input.countyId);
      if (!ctx.viewer.canWrite(county.path)) throw forbidden('Only this county\'s officials may change its weights');
      const { countyId: _c, channel: _ch, onBehalfOfId: _o, idempotencyKey: _k, ...rest } = input;
      const weights: PriorityWeights = JSON.parse(JSON.stringify(rest));
      for (const problem of priorityWeightsProblems(weights)) problems.add(problem.field, UserErrorCode.OUT_OF_RANGE, problem.message);
      if (problems.any) return undefined;
      return async () => {
        await ctx.em.upsert(CountyPolicy, { countyId: county.id, priorityWeights: weights, updatedAt: new Date(), updatedBy: ctx.viewer.subject }, ['countyId']);
        ctx.loaders.countyPolicy.clear(county.id);
        return { result: await priorityWeightsOf(ctx, county.id), entityType: 'CountyPolicy', entityId: county.id, countyId: county.id, changedFields: ['priorityWeights'] };
      };
    },
  });
}
