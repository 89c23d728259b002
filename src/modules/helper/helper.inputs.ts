import { ArrayMaxSize, IsOptional, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GraphQLLocalDate, GraphQLLocalTime } from 'graphql-scalars';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import { MutationInput } from '../../common/mutation-input.ts';
import { CertificateKind } from '../catalogue/certificate-kind.enum.ts';
import { ServiceType } from '../catalogue/service-type.enum.ts';

@ArgsType()
export class HelpersArgs extends PageArgs {
  @Field(() => ID, {
    nullable: true,
    description: "Helpers living (or seated) in this region's subtree; defaults to your scope.",
  })
  regionId?: string | null;

  @Field(() => ServiceType, { nullable: true, description: 'Only helpers offering this service.' })
  serviceType?: ServiceType | null;
}

@InputType({ description: 'A window on one weekday, 1 = Monday … 7 = Sunday.' })
export class AvailabilityWindowInput {
  @Field(() => Int)
  @Min(1, { message: 'weekday must be 1 (Monday) to 7 (Sunday)' })
  @Max(7, { message: 'weekday must be 1 (Monday) to 7 (Sunday)' })
  weekday: number;

  @Field(() => GraphQLLocalTime)
  windowStart: string;

  @Field(() => GraphQLLocalTime)
  windowEnd: string;
}

@InputType({ description: "Creates or replaces a helper's capacity. Exactly one of personId and organisationId." })
export class SetHelperCapacityInput extends MutationInput {
  @Field(() => ID, { nullable: true })
  personId?: string | null;

  @Field(() => ID, { nullable: true })
  organisationId?: string | null;

  @Field(() => [ServiceType])
  @ArrayMaxSize(11)
  serviceTypes: ServiceType[];

  @Field(() => Int, { description: 'Minutes a week, 0–10080 for a person; an organisation may give more.' })
  weeklyMinutes: number;

  @Field(() => Int, { description: 'Most elders at once.' })
  maxElders: number;

  @Field(() => Int, { nullable: true, description: 'Organisations: units a day (e.g. 40 meals).' })
  dailyOccurrences?: number | null;

  @Field(() => [AvailabilityWindowInput])
  @ArrayMaxSize(70)
  @ValidateNested({ each: true })
  availability: AvailabilityWindowInput[];

  @Field(() => ID, {
    nullable: true,
    description: "Home village or group; defaults to the person's region or the organisation's seat.",
  })
  regionId?: string | null;

  @Field(() => Float, { nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;

  @Field(() => Float, { nullable: true, defaultValue: 3, description: 'Kilometres, up to 100.' })
  travelRadiusKm?: number | null;

  @Field(() => Boolean, { description: "The helper's own consent to be matched, as recorded by whoever enters this." })
  consent: boolean;
}

@InputType()
export class PauseHelperInput extends MutationInput {
  @Field(() => ID)
  helperId: string;

  @Field(() => String, { description: 'Why (e.g. 外出务工, 生病): shown to coordinators.' })
  @Length(1, 200, { message: 'reason must be between 1 and 200 characters' })
  reason: string;
}

@InputType()
export class ResumeHelperInput extends MutationInput {
  @Field(() => ID)
  helperId: string;
}

@InputType()
export class AddCertificateInput extends MutationInput {
  @Field(() => ID)
  helperId: string;

  @Field(() => CertificateKind)
  kind: CertificateKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(64)
  number?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  issuedOn?: string | null;

  @Field(() => GraphQLLocalDate, { description: 'Must lie in the future.' })
  expiresOn: string;
}
