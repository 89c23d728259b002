import { ArrayMaxSize, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';
import { Visit } from './visit.entity.ts';
import { VisitStatus } from './visit.enums.ts';

@InputType()
export class LocationInput {
  @Field(() => Float)
  @Min(-90, { message: 'latitude must be between -90 and 90' })
  @Max(90, { message: 'latitude must be between -90 and 90' })
  latitude: number;

  @Field(() => Float)
  @Min(-180, { message: 'longitude must be between -180 and 180' })
  @Max(180, { message: 'longitude must be between -180 and 180' })
  longitude: number;
}

@InputType()
export class CheckInVisitInput extends MutationInput {
  @Field(() => ID)
  visitId: string;

  @Field(() => Date, {
    nullable: true,
    description: 'When it happened, as the phone recorded it (it may send later, offline); default: now.',
  })
  at?: Date | null;

  @Field(() => LocationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  location?: LocationInput | null;
}

@InputType()
export class CheckOutVisitInput extends CheckInVisitInput {
  @Field(() => String, { description: 'What was done (1–1000 characters).' })
  @Length(1, 1000, { message: 'notes must be between 1 and 1000 characters' })
  notes: string;
}

@InputType()
export class ConfirmVisitInput extends MutationInput {
  @Field(() => ID)
  visitId: string;

  @Field(() => Int, { description: '1–5 stars.' })
  @Min(1, { message: 'rating must be between 1 and 5' })
  @Max(5, { message: 'rating must be between 1 and 5' })
  rating: number;

  @Field(() => [String], {
    defaultValue: [],
    description: 'Short tags (at most 5, each 1–20 characters): 准时, 细心 …',
  })
  @ArrayMaxSize(5, { message: 'tags may hold at most 5 tags' })
  @Length(1, 20, { each: true, message: 'each tag must be between 1 and 20 characters' })
  tags: string[];

  @Field(() => String, {
    nullable: true,
    description: "The elder's words (at most 500 characters); never shown to the helper.",
  })
  @IsOptional()
  @Length(1, 500, { message: 'comment must be between 1 and 500 characters' })
  comment?: string | null;
}

@InputType()
export class VisitReasonInput extends MutationInput {
  @Field(() => ID)
  visitId: string;

  @Field(() => String)
  @Length(1, 500, { message: 'reason must be between 1 and 500 characters' })
  reason: string;
}

@ArgsType()
export class VisitsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Visits to elders in this subtree; your scope when omitted.' })
  regionId?: string | null;

  @Field(() => ID, { nullable: true })
  agreementId?: string | null;

  @Field(() => ID, { nullable: true })
  helperId?: string | null;

  @Field(() => ID, { nullable: true, description: "One elder's visits (a family's view)." })
  elderId?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'From this day (inclusive).' })
  from?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Until this day (inclusive).' })
  to?: string | null;

  @Field(() => [VisitStatus], { nullable: true })
  status?: VisitStatus[] | null;
}

export const VisitPayload = PayloadType('VisitPayload', 'visit', () => Visit);
