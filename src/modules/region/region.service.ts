import crypto from 'node:crypto';
import { givenFields } from '../../common/mutation-input.ts';
import type { Context } from '../../context.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { paginate, type Connection } from '../../common/connection.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import { Role } from '../../auth/role.ts';
import { Region } from './region.entity.ts';
import { CHILD_KIND, RegionKind } from './region.enums.ts';
import { CODE_LENGTH, type CreateRegionInput, type RegionsArgs } from './region.inputs.ts';
import { cleanName } from '../../common/text.ts';

/**
 * The region the viewer's token is bound to; undefined only for ADMIN ("everywhere"). A token
 * whose region no longer exists is refused: it must never fall back to "everywhere".
 */
export async function viewerScope(ctx: Context): Promise<Region | undefined> {
  const scopeId = ctx.viewer.require().regionId;
  if (!scopeId) {
    if (ctx.viewer.role === Role.ADMIN) return undefined;
    throw forbidden('Your token is bound to no region');
  }
  const scope = await ctx.loaders.region.load(scopeId);
  if (!scope) throw forbidden('The region your token is bound to no longer exists; ask for a new token');
  return scope;
}

/**
 * Regions are not personal data, so a scoped viewer may also read the ancestors of their own
 * region (for breadcrumbs); everything else outside their subtree is forbidden.
 */
export async function canReadRegion(ctx: Context, region: Region): Promise<boolean> {
  if (ctx.viewer.covers(region.path)) return true;
  if (!ctx.viewer.scopeRegionId) return false;
  const scope = await viewerScope(ctx);
  return Boolean(scope?.path.includes(region.id));
}

/** A region by global id, readable by the viewer, or a thrown NOT_FOUND / FORBIDDEN. */
export async function requireReadableRegion(ctx: Context, globalId: string): Promise<Region> {
  ctx.viewer.require();
  const id = idOfType(globalId, 'Region');
  const region = id ? await ctx.loaders.region.load(id) : undefined;
  if (!region) throw notFound('No region has this id');
  if (!(await canReadRegion(ctx, region))) throw forbidden('This region is outside your scope');
  return region;
}

/** The subtree a list query covers: the given region (checked) or the viewer's whole scope. */
export async function listScope(ctx: Context, regionGlobalId: string | null | undefined): Promise<Region | undefined> {
  const scope = await viewerScope(ctx);
  if (regionGlobalId) {
    const region = await requireReadableRegion(ctx, regionGlobalId);
    if (!ctx.viewer.covers(region.path)) throw forbidden('Lists are limited to your own region');
    return region;
  }
  return scope;
}

export async function listRegions(ctx: Context, args: RegionsArgs): Promise<Connection<Region>> {
  const query = ctx.em.getRepository(Region).createQueryBuilder('region');
  const parent = args.parentId ? await requireReadableRegion(ctx, args.parentId) : undefined;
  if (args.kind) {
    query.where('region.kind = :kind', { kind: args.kind });
    const within = parent ?? (await listScope(ctx, undefined));
    if (within) query.andWhere(':within = ANY(region.path)', { within: within.id });
  } else if (parent) {
    query.where('region.parent_id = :parent', { parent: parent.id });
  } else {
    const scope = await listScope(ctx, undefined);
    if (scope) query.where('region.id = :scope', { scope: scope.id });
    else query.where('region.parent_id IS NULL');
  }
  if (parent && !ctx.viewer.covers(parent.path)) {
    // Children of an ancestor of the viewer's scope: only the branch that leads to the scope.
    const scope = (await viewerScope(ctx))!;
    query.andWhere('(:scopeId = ANY(region.path) OR region.id = ANY(:scopePath))', {
      scopeId: scope.id,
      scopePath: scope.path,
    });
  }
  return paginate(query, args, { column: 'region.code', key: (row) => row.code, maxPageSize: ctx.config.maxPageSize });
}

async function checkNewRegion(ctx: Context, input: CreateRegionInput, problems: Problems) {
  let parent: Region | undefined;
  if (input.parentId) {
    const parentId = idOfType(input.parentId, 'Region');
    parent = parentId ? await ctx.loaders.region.load(parentId) : undefined;
    if (!parent) {
      problems.add('parentId', UserErrorCode.NOT_FOUND, 'No region has this id');
      return undefined;
    }
    if (!ctx.viewer.canWrite(parent.path)) throw forbidden('You cannot add regions under this parent');
  } else if (ctx.viewer.role !== Role.ADMIN) {
    throw forbidden('Only ADMIN creates counties');
  }
  const expected = parent ? CHILD_KIND[parent.kind] : RegionKind.COUNTY;
  if (!expected) {
    problems.add('parentId', UserErrorCode.WRONG_KIND, 'A villager group has no sub-regions');
    return undefined;
  }
  if (input.kind && input.kind !== expected) {
    problems.add(
      'kind',
      UserErrorCode.WRONG_KIND,
      parent ? `Under a ${parent.kind} only a ${expected} can be created` : 'A region without parent must be a COUNTY',
    );
  }
  if ((input.latitude == null) !== (input.longitude == null))
    problems.add(
      input.latitude == null ? 'latitude' : 'longitude',
      UserErrorCode.INVALID,
      'Give both latitude and longitude, or neither',
    );
  const length = CODE_LENGTH[expected];
  if (input.code.length !== length) {
    problems.add('code', UserErrorCode.INVALID, `A ${expected} code has ${length} digits`);
  } else if (parent && !input.code.startsWith(parent.code)) {
    problems.add('code', UserErrorCode.INVALID, `The code must start with the parent's code ${parent.code}`);
  } else if (await ctx.em.existsBy(Region, { code: input.code })) {
    problems.add('code', UserErrorCode.DUPLICATE, 'Another region already has this code');
  }
  return { parent, kind: expected };
}

export function createRegion(ctx: Context, input: CreateRegionInput): Promise<MutationResult<Region>> {
  return runMutation(ctx, {
    action: 'createRegion',
    input,
    uniqueConstraints: { region_code_key: 'code' },
    reload: (id) => ctx.em.findOneBy(Region, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const checked = await checkNewRegion(ctx, input, problems);
      if (!checked || problems.any) return undefined;
      return async () => {
        const id = crypto.randomUUID();
        const { parent, kind } = checked;
        const region = ctx.em.create(Region, {
          id,
          countyId: parent?.countyId ?? id,
          parentId: parent?.id ?? null,
          kind,
          code: input.code,
          name: cleanName(input.name),
          path: [...(parent?.path ?? []), id],
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
        });
        await ctx.em.insert(Region, region);
        const saved = await ctx.em.findOneByOrFail(Region, { id });
        return {
          result: saved,
          entityType: 'Region',
          entityId: id,
          countyId: saved.countyId,
          changedFields: givenFields(input, ['parentId', 'kind', 'code', 'name', 'latitude', 'longitude']),
        };
      };
    },
  });
}
