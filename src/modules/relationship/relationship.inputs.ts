import { IsOptional, Length } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MutationInput } from '../../common/mutation-input.ts';
import { RelationshipKind } from './relationship.enums.ts';

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
