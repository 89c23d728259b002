import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.ts';
import { Person } from '../person/person.entity.ts';
import { Region } from '../region/region.entity.ts';
import { Household } from './household.entity.ts';

@Resolver(() => Household)
export class HouseholdResolver {
  @FieldResolver(() => Region)
  async region(@Root() household: Household, @Ctx() ctx: Context): Promise<Region> {
    return (await ctx.loaders.region.load(household.regionId))!;
  }

  @FieldResolver(() => [Person], {
    description: 'Members, eldest first. Members registered outside your region are left out.',
  })
  async members(@Root() household: Household, @Ctx() ctx: Context): Promise<Person[]> {
    const members = await ctx.loaders.householdMembers.load(household.id);
    const regions = await ctx.loaders.region.loadMany(members.map((m) => m.regionId));
    return members.filter((_, index) => {
      const region = regions[index];
      return region instanceof Region && ctx.viewer.covers(region.path);
    });
  }
}
