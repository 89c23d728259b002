import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.ts';
import { Person } from '../person/person.entity.ts';
import { AddRelationshipInput, RemoveRelationshipInput } from './relationship.inputs.ts';
import { AddRelationshipPayload, RemoveRelationshipPayload, Relationship } from './relationship.type.ts';
import { addRelationship, removeRelationship } from './relationship.service.ts';

@Resolver(() => Relationship)
export class RelationshipResolver {
  @FieldResolver(() => Person, { description: 'The person the tie is seen from.' })
  async person(@Root() tie: Relationship, @Ctx() ctx: Context): Promise<Person> {
    return (await ctx.loaders.person.load(tie.personId))!;
  }

  @FieldResolver(() => Person, { description: 'The person at the other end.' })
  async other(@Root() tie: Relationship, @Ctx() ctx: Context): Promise<Person> {
    return (await ctx.loaders.person.load(tie.otherId))!;
  }

  @Mutation(() => AddRelationshipPayload, {
    description: 'Records a tie between two people of your region. Self-ties and duplicates are refused.',
  })
  async addRelationship(
    @Arg('input', () => AddRelationshipInput) input: AddRelationshipInput,
    @Ctx() ctx: Context,
  ): Promise<AddRelationshipPayload> {
    const { result, errors } = await addRelationship(ctx, input);
    return { relationship: result, errors };
  }

  @Mutation(() => RemoveRelationshipPayload)
  async removeRelationship(
    @Arg('input', () => RemoveRelationshipInput) input: RemoveRelationshipInput,
    @Ctx() ctx: Context,
  ): Promise<RemoveRelationshipPayload> {
    const { result, errors } = await removeRelationship(ctx, input);
    return { removedRelationshipId: result, errors };
  }
}
