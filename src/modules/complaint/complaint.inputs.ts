import { IsOptional, Length } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';
import { Helper } from '../helper/helper.entity.ts';
import { Complaint } from './complaint.entity.ts';
import {
  ComplaintCategory,
  ComplaintFiguresLevel,
  ComplaintOutcome,
  ComplaintSeverity,
  ComplaintStatus,
} from './complaint.enums.ts';

@InputType()
export class SubmitComplaintInput extends MutationInput {
  @Field(() => ID, {
    description: 'What it is about: the id of a visit, a care agreement, a person or an organisation.',
  })
  subjectId: string;

  @Field(() => ComplaintCategory)
  category: ComplaintCategory;

  @Field(() => ComplaintSeverity, { defaultValue: ComplaintSeverity.ORDINARY })
  severity: ComplaintSeverity;

  @Field(() => String, { description: 'What happened, in the complainant\u2019s words; 1–2000 characters.' })
  @Length(1, 2000, { message: 'description must be between 1 and 2000 characters' })
  description: string;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      "Hide who complained from everyone but ADMIN and the county's arbitrators (the record keeps it). An officer filing for a villager names them in onBehalfOfId.",
  })
  anonymous: boolean;
}

@InputType()
export class ComplaintStepInput extends MutationInput {
  @Field(() => ID)
  complaintId: string;

  @Field(() => String, { nullable: true, description: 'What was said or done, for the history; 1–2000 characters.' })
  @IsOptional()
  @Length(1, 2000, { message: 'text must be between 1 and 2000 characters' })
  text?: string | null;
}

@InputType()
export class DecideComplaintInput extends ComplaintStepInput {
  @Field(() => ComplaintOutcome, { nullable: true, description: 'Required: upheld, partly upheld or not upheld.' })
  outcome?: ComplaintOutcome | null;
}

@InputType()
export class ReviewHelperSuspensionInput extends MutationInput {
  @Field(() => ID)
  helperId: string;

  @Field(() => String, { description: 'What the review found; 1–2000 characters.' })
  @Length(1, 2000, { message: 'text must be between 1 and 2000 characters' })
  text: string;
}

@ArgsType()
export class ComplaintsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Complaints in this subtree; your own scope when omitted.' })
  regionId?: string | null;

  @Field(() => [ComplaintStatus], { nullable: true })
  status?: ComplaintStatus[] | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only complaints about this visit, agreement, person or organisation.',
  })
  subjectId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only those escalated to the township for want of acknowledgement in time; false: the others.',
  })
  overdue?: boolean | null;
}

@ArgsType()
export class ComplaintFiguresArgs {
  @Field(() => ID, { nullable: true, description: 'Your own scope when omitted.' })
  regionId?: string | null;

  @Field(() => ComplaintFiguresLevel, { defaultValue: ComplaintFiguresLevel.VILLAGE })
  by: ComplaintFiguresLevel;
}

export const SubmitComplaintPayload = PayloadType('SubmitComplaintPayload', 'complaint', () => Complaint);
export const ChangeComplaintPayload = PayloadType('ChangeComplaintPayload', 'complaint', () => Complaint);
export const ReviewHelperSuspensionPayload = PayloadType('ReviewHelperSuspensionPayload', 'helper', () => Helper);
