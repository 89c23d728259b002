import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, type Connection } from '../../common/connection.ts';
import type { Context } from '../../context.ts';
import { Helper } from '../helper/helper.entity.ts';
import { Household } from '../household/household.entity.ts';
import { Need } from '../need/need.entity.ts';
import { Organisation } from '../organisation/organisation.entity.ts';
import { Region } from '../region/region.entity.ts';
import { Relationship } from '../relationship/relationship.type.ts';
import { Person } from './person.entity.ts';
import { PeopleArgs, RegisterPersonInput, UpdatePersonInput } from './person.inputs.ts';
import { RegisterPersonPayload, UpdatePersonPayload } from './person.types.ts';
import { canReadPerson, listPeople, registerPerson, requireReadablePerson, updatePerson } from './person.service.ts';

export const PersonConnection = ConnectionType(Person, 'Person');

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => PersonConnection, { description: "People living in a region's whole subtree, in a stable order." })
  people(@Args(() => PeopleArgs) args: PeopleArgs, @Ctx() ctx: Context): Promise<Connection<Person>> {
    return listPeople(ctx, args);
  }

  @Query(() => Person, {
    nullable: true,
    description:
      'Null, with one NOT_FOUND or FORBIDDEN error, when there is no such object or the viewer may not read it; the rest of the response stands.',
  })
  person(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Person> {
    return requireReadablePerson(ctx, id);
  }

  @FieldResolver(() => Region)
  async region(@Root() person: Person, @Ctx() ctx: Context): Promise<Region> {
    return (await ctx.loaders.region.load(person.regionId))!;
  }

  @FieldResolver(() => Household, { nullable: true })
  async household(@Root() person: Person, @Ctx() ctx: Context): Promise<Household | null> {
    return person.householdId ? ((await ctx.loaders.household.load(person.householdId)) ?? null) : null;
  }

  @FieldResolver(() => [Relationship], {
    description:
      'Ties to other people, nearest first (spouse, kin by degree, neighbour, friend). Ties to people outside your region are left out.',
  })
  async relationships(@Root() person: Person, @Ctx() ctx: Context): Promise<Relationship[]> {
    const ties = await ctx.loaders.relationshipsOf.load(person.id);
    const others = await ctx.loaders.person.loadMany(ties.map((tie) => tie.otherId));
    const visible = await Promise.all(
      others.map((other) => (other instanceof Person ? canReadPerson(ctx, other) : false)),
    );
    return ties.filter((_, index) => visible[index]);
  }

  @FieldResolver(() => [Organisation], { description: 'Organisations this person belongs to.' })
  async organisations(@Root() person: Person, @Ctx() ctx: Context): Promise<Organisation[]> {
    const memberships = await ctx.loaders.membershipsOf.load(person.id);
    const organisations = await ctx.loaders.organisation.loadMany(memberships.map((m) => m.organisationId));
    return organisations.filter((row): row is Organisation => row instanceof Organisation);
  }

  @FieldResolver(() => Helper, {
    nullable: true,
    description: 'What this person offers as a helper, if registered as one.',
  })
  async helper(@Root() person: Person, @Ctx() ctx: Context): Promise<Helper | null> {
    return (await ctx.loaders.helperOfPerson.load(person.id)) ?? null;
  }

  @FieldResolver(() => [Need], { description: "This elder's needs, oldest first." })
  needs(@Root() person: Person, @Ctx() ctx: Context): Promise<Need[]> {
    return ctx.loaders.needsOfElder.load(person.id);
  }

  @Mutation(() => RegisterPersonPayload, {
    description: 'Registers a villager, creating the household when its code is new.',
  })
  async registerPerson(
    @Arg('input', () => RegisterPersonInput) input: RegisterPersonInput,
    @Ctx() ctx: Context,
  ): Promise<RegisterPersonPayload> {
    const { result, errors } = await registerPerson(ctx, input);
    return { person: result, errors };
  }

  @Mutation(() => UpdatePersonPayload)
  async updatePerson(
    @Arg('input', () => UpdatePersonInput) input: UpdatePersonInput,
    @Ctx() ctx: Context,
  ): Promise<UpdatePersonPayload> {
    const { result, errors } = await updatePerson(ctx, input);
    return { person: result, errors };
  }
}
