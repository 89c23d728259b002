import type { Context } from '../../context.ts';
import type { Region } from '../region/region.entity.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import { Role } from '../../auth/role.ts';
import { RegionKind } from '../region/region.enums.ts';
import { CountyPolicy } from './county-policy.entity.ts';
import { priorityWeightsProblems, weightsWithDefaults, type PriorityWeights } from './priority.ts';
import type { UpdatePriorityWeightsInput } from './policy.types.ts';
import type { ResetMatchingPolicyInput, UpdateMatchingPolicyInput } from './matching-policy.types.ts';
import { DEFAULT_MATCH_POLICY, matchPolicyProblems, withPolicyDefaults } from '../../matching/policy.ts';
import type { MatchPolicy } from '../../matching/types.ts';

export interface CountyWeights extends PriorityWeights {
  isDefault: boolean;
}

export async function priorityWeightsOf(ctx: Context, countyId: string): Promise<CountyWeights> {
  const policy = await ctx.loaders.countyPolicy.load(countyId);
  return { ...weightsWithDefaults(policy?.priorityWeights), isDefault: !policy?.priorityWeights };
}

/** A county that anyone working inside it reads (a village token too, not only those whose scope covers the county). */
export async function requireCountyOfViewer(ctx: Context, globalId: string): Promise<Region> {
  ctx.viewer.require();
  const county = await requireCounty(ctx, globalId);
  const own = ctx.viewer.claims?.regionId ? await ctx.loaders.region.load(ctx.viewer.claims.regionId) : undefined;
  if (!ctx.viewer.covers(county.path) && own?.path[0] !== county.id) throw forbidden('Outside your county');
  return county;
}

export async function requireCounty(ctx: Context, globalId: string) {
  const id = idOfType(globalId, 'Region');
  const county = id ? await ctx.loaders.region.load(id) : undefined;
  if (!county || county.kind !== RegionKind.COUNTY) throw notFound('No county has this id');
  return county;
}

/**
 * The county a policy mutation changes, when the viewer is one of its officials (or an admin).
 * The write rule (README, "One rule for writes"): an id that names nothing the viewer may read is a
 * NOT_FOUND on its field; a target the viewer may read but not change is a top-level FORBIDDEN.
 */
export async function writableCounty(
  ctx: Context,
  countyId: string,
  what: string,
  problems: Problems,
): Promise<Region | undefined> {
  const id = idOfType(countyId, 'Region');
  const county = id ? await ctx.loaders.region.load(id) : undefined;
  if (!county || county.kind !== RegionKind.COUNTY || !ctx.viewer.covers(county.path)) {
    problems.add('countyId', UserErrorCode.NOT_FOUND, 'No county with this id in your scope');
    return undefined;
  }
  if (!ctx.viewer.canWrite(county.path)) throw forbidden(`Only this county's officials may change its ${what}`);
  return county;
}

export function updatePriorityWeights(
  ctx: Context,
  input: UpdatePriorityWeightsInput,
): Promise<MutationResult<CountyWeights>> {
  return runMutation(ctx, {
    action: 'updatePriorityWeights',
    input,
    roles: [Role.ADMIN, Role.COUNTY_OFFICIAL],
    reload: async (id) => priorityWeightsOf(ctx, id),
    check: async (problems) => {
      const county = await writableCounty(ctx, input.countyId, 'weights', problems);
      if (!county) return undefined;
      const { countyId: _c, channel: _ch, onBehalfOfId: _o, idempotencyKey: _k, ...rest } = input;
      const weights: PriorityWeights = JSON.parse(JSON.stringify(rest));
      for (const problem of priorityWeightsProblems(weights))
        problems.add(problem.field, UserErrorCode.OUT_OF_RANGE, problem.message);
      if (problems.any) return undefined;
      return async () => {
        await ctx.em.upsert(
          CountyPolicy,
          { countyId: county.id, priorityWeights: weights, updatedAt: new Date(), updatedBy: ctx.viewer.subject },
          ['countyId'],
        );
        ctx.loaders.countyPolicy.clear(county.id);
        ctx.record({ type: 'PriorityWeightsChanged', countyId: county.id });
        return {
          result: await priorityWeightsOf(ctx, county.id),
          entityType: 'CountyPolicy',
          entityId: county.id,
          countyId: county.id,
          changedFields: ['priorityWeights'],
        };
      };
    },
  });
}

export interface CountyMatchingPolicy extends MatchPolicy {
  isDefault: boolean;
}

export async function matchingPolicyOf(ctx: Context, countyId: string): Promise<CountyMatchingPolicy> {
  const policy = await ctx.loaders.countyPolicy.load(countyId);
  return policy?.matching
    ? { ...withPolicyDefaults(policy.matching as Partial<MatchPolicy>), isDefault: false }
    : { ...DEFAULT_MATCH_POLICY, isDefault: true };
}

export function updateMatchingPolicy(
  ctx: Context,
  input: UpdateMatchingPolicyInput,
): Promise<MutationResult<CountyMatchingPolicy>> {
  return runMutation(ctx, {
    action: 'updateMatchingPolicy',
    input,
    roles: [Role.ADMIN, Role.COUNTY_OFFICIAL],
    reload: async (id) => matchingPolicyOf(ctx, id),
    check: async (problems) => {
      const county = await writableCounty(ctx, input.countyId, 'matching policy', problems);
      if (!county) return undefined;
      const { countyId: _c, channel: _ch, onBehalfOfId: _o, idempotencyKey: _k, ...given } = input;
      // Fields added after the first release are optional: left out (or null), the default holds.
      const rest = Object.fromEntries(Object.entries(given).filter(([, value]) => value != null));
      const matching: MatchPolicy = withPolicyDefaults(JSON.parse(JSON.stringify(rest)));
      for (const problem of matchPolicyProblems(matching))
        problems.add(problem.field, UserErrorCode.OUT_OF_RANGE, problem.message);
      if (problems.any) return undefined;
      return async () => {
        await ctx.em.query(
          `INSERT INTO county_policy (county_id, matching, updated_at, updated_by) VALUES ($1, $2, now(), $3)
           ON CONFLICT (county_id) DO UPDATE SET matching = EXCLUDED.matching, updated_at = now(), updated_by = EXCLUDED.updated_by`,
          [county.id, JSON.stringify(rest), ctx.viewer.subject],
        );
        ctx.loaders.countyPolicy.clear(county.id);
        return {
          result: await matchingPolicyOf(ctx, county.id),
          entityType: 'CountyPolicy',
          entityId: county.id,
          countyId: county.id,
          changedFields: ['matching'],
        };
      };
    },
  });
}

export function resetMatchingPolicy(
  ctx: Context,
  input: ResetMatchingPolicyInput,
): Promise<MutationResult<CountyMatchingPolicy>> {
  return runMutation(ctx, {
    action: 'resetMatchingPolicy',
    input,
    roles: [Role.ADMIN, Role.COUNTY_OFFICIAL],
    reload: async (id) => matchingPolicyOf(ctx, id),
    check: async (problems) => {
      const county = await writableCounty(ctx, input.countyId, 'matching policy', problems);
      if (!county) return undefined;
      return async () => {
        await ctx.em.query(
          'UPDATE county_policy SET matching = NULL, updated_at = now(), updated_by = $2 WHERE county_id = $1',
          [county.id, ctx.viewer.subject],
        );
        ctx.loaders.countyPolicy.clear(county.id);
        return {
          result: await matchingPolicyOf(ctx, county.id),
          entityType: 'CountyPolicy',
          entityId: county.id,
          countyId: county.id,
          changedFields: ['matching'],
        };
      };
    },
  });
}

/** Stores a county's supervision rules (issue #16; checked by the supervision module, kept here with the table). */
export async function storeSupervisionPolicy(ctx: Context, countyId: string, policy: object): Promise<void> {
  await ctx.em.query(
    `INSERT INTO county_policy (county_id, supervision, updated_at, updated_by) VALUES ($1, $2, now(), $3)
     ON CONFLICT (county_id) DO UPDATE SET supervision = EXCLUDED.supervision, updated_at = now(), updated_by = EXCLUDED.updated_by`,
    [countyId, JSON.stringify(policy), ctx.viewer.subject],
  );
  ctx.loaders.countyPolicy.clear(countyId);
}
