import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, type Connection } from '../../common/connection.ts';
import type { Context } from '../../context.ts';
import { Person } from '../person/person.entity.ts';
import { Region } from '../region/region.entity.ts';
import { Organisation } from './organisation.entity.ts';
import { AddOrganisationMemberInput, CreateOrganisationInput, OrganisationsArgs } from './organisation.inputs.ts';
import {
  AddOrganisationMemberPayload,
  CreateOrganisationPayload,
  OrganisationMembership,
} from './organisation.types.ts';
import { addOrganisationMember, createOrganisation, listOrganisations } from './organisation.service.ts';

export const OrganisationConnection = ConnectionType(Organisation, 'Organisation');

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => OrganisationConnection, {
    description: 'Organisations seated in or serving a region (defaults to your scope).',
  })
  organisations(
    @Args(() => OrganisationsArgs) args: OrganisationsArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<Organisation>> {
    return listOrganisations(ctx, args);
  }

  @FieldResolver(() => Region, { description: 'Where it is seated.' })
  async region(@Root() organisation: Organisation, @Ctx() ctx: Context): Promise<Region> {
    return (await ctx.loaders.region.load(organisation.regionId))!;
  }

  @FieldResolver(() => [Region], { description: 'Regions it serves.' })
  async serviceAreas(@Root() organisation: Organisation, @Ctx() ctx: Context): Promise<Region[]> {
    const areas = await ctx.loaders.serviceAreasOf.load(organisation.id);
    const regions = await ctx.loaders.region.loadMany(areas.map((area) => area.regionId));
    return regions.filter((row): row is Region => row instanceof Region).sort((a, b) => a.code.localeCompare(b.code));
  }

  @FieldResolver(() => [OrganisationMembership], { description: 'Members living in your region.' })
  async members(@Root() organisation: Organisation, @Ctx() ctx: Context): Promise<OrganisationMembership[]> {
    const members = await ctx.loaders.membersOf.load(organisation.id);
    const people = await ctx.loaders.person.loadMany(members.map((m) => m.personId));
    const regions = await ctx.loaders.region.loadMany(people.map((p) => (p instanceof Person ? p.regionId : '')));
    return members.flatMap((member, index) => {
      const person = people[index];
      const region = regions[index];
      if (!(person instanceof Person) || !(region instanceof Region) || !ctx.viewer.covers(region.path)) return [];
      return [{ person, role: member.role, joinedAt: member.joinedAt }];
    });
  }

  @Mutation(() => CreateOrganisationPayload)
  async createOrganisation(
    @Arg('input', () => CreateOrganisationInput) input: CreateOrganisationInput,
    @Ctx() ctx: Context,
  ): Promise<CreateOrganisationPayload> {
    const { result, errors } = await createOrganisation(ctx, input);
    return { organisation: result, errors };
  }

  @Mutation(() => AddOrganisationMemberPayload)
  async addOrganisationMember(
    @Arg('input', () => AddOrganisationMemberInput) input: AddOrganisationMemberInput,
    @Ctx() ctx: Context,
  ): Promise<AddOrganisationMemberPayload> {
    const { result, errors } = await addOrganisationMember(ctx, input);
    return { organisation: result, errors };
  }
}
