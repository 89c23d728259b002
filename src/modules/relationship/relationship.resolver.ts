import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.ts';
import { Person } from '../person/person.entity.ts';
import { AddRelationshipInput, RemoveRelationshipInput } from './relationship.inputs.ts';
import { AddRelationshipPayload, RemoveRelationshipPayload, Relationship } from './relationship.type.ts';
import { addRelationship, removeRelationship } from './relationship.service.ts';
import { termFromSide, type KinTerm } from './kin-terms.ts';
import { RelationshipKind } from './relationship.enums.ts';

async function sideTerm(tie: Relationship, ctx: Context): Promise<KinTerm | null> {
  if (tie.kind !== RelationshipKind.KIN && tie.kind !== RelationshipKind.SPOUSE) return null;
  const [viewer, other] = await ctx.loaders.person.loadMany([tie.personId, tie.otherId]);
  if (!(viewer instanceof Person) || !(other instanceof Person)) return null;
  return termFromSide(tie.kind, tie.pairTerm, viewer, other);
}

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

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'What `other` is to `person`, in Chinese: 儿子 seen from his mother, 母亲 seen from her son, 奶奶 seen from her grandchild. The recorded pair term when the side cannot be told (an unknown term, or both born the same year).',
  })
  async kinTerm(@Root() tie: Relationship, @Ctx() ctx: Context): Promise<string | null> {
    return (await sideTerm(tie, ctx))?.zh ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The same in English: son, mother, grandmother.' })
  async kinTermEn(@Root() tie: Relationship, @Ctx() ctx: Context): Promise<string | null> {
    return (await sideTerm(tie, ctx))?.en ?? null;
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
