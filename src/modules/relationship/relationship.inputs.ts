import { IsOptional, Length } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MutationInput } from '../../common/mutation-input.ts';
import { UserError } from '../../common/user-error.ts';
import { RelationshipKind } from './relationship.enums.ts';
import { Relationship } from './relationship.type.ts';

@InputType({ description: 'A symmetric tie: adding A–B also shows up as B–A.' })
export class AddRelationshipInput extends MutationInput {
  @Field(() => ID)
  personId: string;

  @Field(() => ID)
  otherPersonId: string;

  @Field(() => RelationshipKind)
  kind: RelationshipKind;

  @Field(() => Int, { nullable: true, description: 'Required for KIN, 1–4; must be absent otherwise.' })
  kinDegree?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "For KIN: the pair's kin term, e.g. 母子, 祖孙, 叔侄 (at most 16 characters).",
  })
  @IsOptional()
  @Length(1, 16, { message: 'kinTerm must be between 1 and 16 characters' })
  kinTerm?: string | null;
}

@InputType()
export class RemoveRelationshipInput extends MutationInput {
  @Field(() => ID)
  id: string;
}

@ObjectType()
export class AddRelationshipPayload {
  @Field(() => Relationship, { nullable: true, description: 'The new tie, seen from `personId`.' })
  relationship: Relationship | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class RemoveRelationshipPayload {
  @Field(() => ID, { nullable: true })
  removedRelationshipId: string | null;

  @Field(() => [UserError])
  errors: UserError[];
}
