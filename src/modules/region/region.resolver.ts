import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs, type Connection } from '../../common/connection.ts';
import type { Context } from '../../context.ts';
import { Region } from './region.entity.ts';
import { CreateRegionInput, RegionsArgs } from './region.inputs.ts';
import { CreateRegionPayload } from './region.types.ts';
import { canReadRegion, createRegion, listRegions, requireReadableRegion } from './region.service.ts';

export const RegionConnection = ConnectionType(Region, 'Region');

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => RegionConnection, {
    description: 'Regions inside your scope. No arguments: your own region (for ADMIN: the counties).',
  })
  regions(@Args(() => RegionsArgs) args: RegionsArgs, @Ctx() ctx: Context): Promise<Connection<Region>> {
    return listRegions(ctx, args);
  }

  @Query(() => Region, {
    nullable: true,
    description:
      'Null, with one NOT_FOUND or FORBIDDEN error, when there is no such object or the viewer may not read it; the rest of the response stands.',
  })
  region(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Region> {
    return requireReadableRegion(ctx, id);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'Null for a county.' })
  async parent(@Root() region: Region, @Ctx() ctx: Context): Promise<Region | null> {
    if (!region.parentId) return null;
    const parent = await ctx.loaders.region.load(region.parentId);
    return parent && (await canReadRegion(ctx, parent)) ? parent : null;
  }

  @FieldResolver(() => [Region], { description: 'From the county down to this region, itself included.' })
  async ancestry(@Root() region: Region, @Ctx() ctx: Context): Promise<Region[]> {
    const rows = await ctx.loaders.region.loadMany(region.path);
    return rows.filter((row): row is Region => row instanceof Region);
  }

  @FieldResolver(() => RegionConnection)
  children(
    @Root() region: Region,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<Region>> {
    return listRegions(ctx, { ...args, parentId: region.globalId });
  }

  @Mutation(() => CreateRegionPayload, {
    description: 'Adds a township, village or group under a parent (a county: ADMIN only).',
  })
  async createRegion(
    @Arg('input', () => CreateRegionInput) input: CreateRegionInput,
    @Ctx() ctx: Context,
  ): Promise<CreateRegionPayload> {
    const { result, errors } = await createRegion(ctx, input);
    return { region: result, errors };
  }
}
