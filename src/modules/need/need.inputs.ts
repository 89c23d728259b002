import {
  ArrayMaxSize,
  ArrayUnique,
  IsInt,
  IsOptional,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { GraphQLLocalDate, GraphQLLocalTime } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';
import { CertificateKind } from '../catalogue/certificate-kind.enum.ts';
import { ServiceType } from '../catalogue/service-type.enum.ts';
import { Need } from './need.entity.ts';
import { NeedOrder, NeedStatus, RecurrenceKind } from './need.enums.ts';
import { PriorityBand } from '../policy/priority.ts';
import '../policy/policy.types.ts';
import { NeedStatusReason } from './need-status-reason.enum.ts';

@ArgsType()
export class NeedsArgs extends PageArgs {
  @Field(() => ID, {
    nullable: true,
    description: "Needs of elders in this region's whole subtree; defaults to your scope.",
  })
  regionId?: string | null;

  @Field(() => [NeedStatus], { nullable: true, description: 'Only these statuses (one or more).' })
  status?: NeedStatus[] | null;

  @Field(() => ServiceType, { nullable: true })
  serviceType?: ServiceType | null;

  @Field(() => [PriorityBand], { nullable: true, description: 'Only needs whose priority is in these bands.' })
  band?: PriorityBand[] | null;

  @Field(() => NeedOrder, {
    defaultValue: NeedOrder.PRIORITY,
    description: 'PRIORITY (default): most urgent first. WAITING: longest unmet first. NEWEST: latest entered first.',
  })
  orderBy: NeedOrder;
}

@InputType({
  description: 'When: once on the start date, daily, or on weekdays (1 = Monday … 7 = Sunday), within a time window.',
})
export class RecurrenceInput {
  @Field(() => RecurrenceKind)
  kind: RecurrenceKind;

  @Field(() => [Int], { defaultValue: [], description: 'Required for WEEKLY, empty otherwise.' })
  @ArrayMaxSize(7, { message: 'weekdays lists at most 7 days' })
  @ArrayUnique({ message: 'weekdays lists a day twice' })
  @IsInt({ each: true, message: 'weekdays are whole numbers' })
  @Min(1, { each: true, message: 'Weekdays run from 1 (Monday) to 7 (Sunday)' })
  @Max(7, { each: true, message: 'Weekdays run from 1 (Monday) to 7 (Sunday)' })
  weekdays: number[];

  @Field(() => GraphQLLocalTime)
  windowStart: string;

  @Field(() => GraphQLLocalTime)
  windowEnd: string;
}

/** Fields a need is made of; on update, absent means unchanged. */
@InputType()
abstract class NeedFields extends MutationInput {
  @Field(() => ServiceType, { nullable: true })
  serviceType?: ServiceType | null;

  @Field(() => Int, { nullable: true, description: 'Minutes per occurrence, 1–1440.' })
  @IsOptional()
  @Min(1, { message: 'minutesPerOccurrence must be between 1 and 1440 (a day)' })
  @Max(1440, { message: 'minutesPerOccurrence must be between 1 and 1440 (a day)' })
  minutesPerOccurrence?: number | null;

  @Field(() => RecurrenceInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  recurrence?: RecurrenceInput | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  startDate?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Optional last day; null clears it on update.' })
  endDate?: string | null;

  @Field(() => Int, { nullable: true, description: 'Helpers at once, 1–4; defaults to 1.' })
  @IsOptional()
  @Min(1, { message: 'helpersNeeded must be between 1 and 4' })
  @Max(4, { message: 'helpersNeeded must be between 1 and 4' })
  helpersNeeded?: number | null;

  @Field(() => CertificateKind, { nullable: true })
  requiredCertificate?: CertificateKind | null;

  @Field(() => [ID], { nullable: true, description: 'Helpers the elder asks for.' })
  @IsOptional()
  @ArrayMaxSize(20)
  preferredHelperIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Helpers the elder does not want; never proposed.' })
  @IsOptional()
  @ArrayMaxSize(50)
  refusedHelperIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Sensitive; at most 2000 characters.' })
  @IsOptional()
  @MaxLength(2000, { message: 'notes must be at most 2000 characters' })
  notes?: string | null;
}

@InputType({
  description: 'A new need. elderId, serviceType, minutesPerOccurrence, recurrence and startDate are required.',
})
export class CreateNeedInput extends NeedFields {
  @Field(() => ID)
  elderId: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "The family member or neighbour who asked on the elder's behalf; must have a tie to the elder. A FAMILY_PROXY token is its own proxy.",
  })
  proxyId?: string | null;
}

@InputType()
export class UpdateNeedInput extends NeedFields {
  @Field(() => ID)
  id: string;
}

@InputType()
export class ChangeNeedStatusInput extends MutationInput {
  @Field(() => ID)
  id: string;

  @Field(() => NeedStatusReason, {
    description: "Why, as a code (see NeedStatusReason for which fit which change); kept in the need's history.",
  })
  reason: NeedStatusReason;

  @Field(() => String, {
    nullable: true,
    description:
      'What else to record, e.g. which hospital. Sensitive: only coordinators of the region read it. Required with OTHER.',
  })
  @IsOptional()
  @Length(1, 500, { message: 'note must be between 1 and 500 characters' })
  note?: string | null;
}

@InputType()
export class ResumeNeedInput extends MutationInput {
  @Field(() => ID)
  id: string;
}

export const CreateNeedPayload = PayloadType('CreateNeedPayload', 'need', () => Need);
export const UpdateNeedPayload = PayloadType('UpdateNeedPayload', 'need', () => Need);
export const PauseNeedPayload = PayloadType('PauseNeedPayload', 'need', () => Need);
export const ResumeNeedPayload = PayloadType('ResumeNeedPayload', 'need', () => Need);
export const CloseNeedPayload = PayloadType('CloseNeedPayload', 'need', () => Need);
export const CancelNeedPayload = PayloadType('CancelNeedPayload', 'need', () => Need);
