import { ArrayMaxSize, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';
import { UserError } from '../../common/user-error.ts';
import { Inspection, InspectionDraw, RectificationTask } from './supervision.entity.ts';
import { InspectionKind, InspectionStatus, RectificationStatus } from './supervision.enums.ts';
import { NoticeNames } from './supervision-policy.ts';

@InputType({ description: "Each indicator on the county's scale (0 to SupervisionPolicy.scaleMax)." })
export class InspectionScoresInput {
  @Field(() => Float) hygiene: number;
  @Field(() => Float) qualityOfLife: number;
  @Field(() => Float) stateOfMind: number;
  @Field(() => Float) satisfaction: number;
  @Field(() => Float) safety: number;
}

@InputType()
export class RecordInspectionInput extends MutationInput {
  @Field(() => ID, {
    nullable: true,
    description:
      'A PLANNED inspection (a follow-up, or drawn unannounced) this one carries out; it names what is inspected.',
  })
  plannedInspectionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The agreement inspected (ACTIVE or SUSPENDED).' })
  agreementId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Or the household inspected.' })
  householdId?: string | null;

  @Field(() => InspectionKind, {
    nullable: true,
    description: 'DAILY, SCHEDULED or SPECIAL; FOLLOW_UP and UNANNOUNCED come from their planned inspection.',
  })
  kind?: InspectionKind | null;

  @Field(() => String, { nullable: true, description: 'The theme of a SPECIAL inspection (required for it).' })
  @IsOptional()
  @Length(1, 100, { message: 'theme must be between 1 and 100 characters' })
  theme?: string | null;

  @Field(() => InspectionScoresInput)
  @ValidateNested()
  scores: InspectionScoresInput;

  @Field(() => String, { nullable: true, description: 'What was found (at most 2000 characters).' })
  @IsOptional()
  @Length(1, 2000, { message: 'findings must be between 1 and 2000 characters' })
  findings?: string | null;

  @Field(() => [String], { defaultValue: [], description: 'References to photos (at most 20, each 1–200 characters).' })
  @ArrayMaxSize(20, { message: 'photoRefs may hold at most 20 references' })
  @Length(1, 200, { each: true, message: 'each photo reference must be between 1 and 200 characters' })
  photoRefs: string[];

  @Field(() => Date, { nullable: true, description: 'When it took place; default now. Not in the future.' })
  inspectedAt?: Date | null;
}

export const RecordInspectionPayload = PayloadType('RecordInspectionPayload', 'inspection', () => Inspection);

@InputType()
export class DrawUnannouncedInspectionsInput extends MutationInput {
  @Field(() => ID, { description: 'A township or village: its ACTIVE agreements are the candidates.' })
  regionId: string;

  @Field(() => Int, { description: 'How many to draw (1–200).' })
  @Min(1, { message: 'sampleSize must be between 1 and 200' })
  @Max(200, { message: 'sampleSize must be between 1 and 200' })
  sampleSize: number;

  @Field(() => String, {
    nullable: true,
    description:
      'ADMIN only: the seed (1–100 characters), to replay a draw or use a public lottery number; otherwise the server draws a random one. Recorded, so that the draw can be repeated.',
  })
  @IsOptional()
  @Length(1, 100, { message: 'seed must be between 1 and 100 characters' })
  seed?: string | null;
}

export const DrawUnannouncedInspectionsPayload = PayloadType(
  'DrawUnannouncedInspectionsPayload',
  'draw',
  () => InspectionDraw,
);

@InputType()
export class CloseRectificationTaskInput extends MutationInput {
  @Field(() => ID)
  taskId: string;

  @Field(() => String, { description: 'What was put right (1–1000 characters).' })
  @Length(1, 1000, { message: 'note must be between 1 and 1000 characters' })
  note: string;
}

export const CloseRectificationTaskPayload = PayloadType(
  'CloseRectificationTaskPayload',
  'task',
  () => RectificationTask,
);

@ArgsType()
export class InspectionsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "A region's subtree; default: the viewer's scope." })
  regionId?: string | null;

  @Field(() => [InspectionStatus], { nullable: true })
  status?: InspectionStatus[] | null;

  @Field(() => [InspectionKind], { nullable: true })
  kind?: InspectionKind[] | null;

  @Field(() => ID, { nullable: true })
  agreementId?: string | null;

  @Field(() => ID, { nullable: true })
  helperId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only poor (true) or only passing (false) results.' })
  poor?: boolean | null;
}

@ArgsType()
export class RectificationTasksArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  regionId?: string | null;

  @Field(() => [RectificationStatus], { nullable: true })
  status?: RectificationStatus[] | null;
}

@ObjectType('SupervisionPolicy', { description: "A county's supervision rules (defaults until it sets its own)." })
export class SupervisionPolicyType {
  @Field(() => Int, { description: 'The top of the scale every indicator is scored on.' }) scaleMax: number;
  @Field(() => Float, { description: 'A result is poor when the mean, or safety alone, is below this.' })
  poorBelow: number;
  @Field(() => Int, { description: 'Poor results in a row that put a helper out of good standing.' })
  poorInRow: number;
  @Field(() => Int, { description: 'Days a rectification task is given.' }) rectificationDays: number;
  @Field(() => Int, { description: 'Days after a poor result by which the follow-up is due.' })
  followUpDays: number;
  @Field(() => Int, { description: 'Days within which a drawn unannounced inspection is due.' })
  unannouncedDays: number;
  @Field(() => NoticeNames, { description: 'How public notices name helpers: never elders, IDs, addresses or health.' })
  noticeNames: NoticeNames;
  @Field(() => Boolean) isDefault: boolean;
}

@InputType({ description: 'All rules at once; see SupervisionPolicy.' })
export class UpdateSupervisionPolicyInput extends MutationInput {
  @Field(() => ID) countyId: string;
  @Field(() => Int) scaleMax: number;
  @Field(() => Float) poorBelow: number;
  @Field(() => Int) poorInRow: number;
  @Field(() => Int) rectificationDays: number;
  @Field(() => Int) followUpDays: number;
  @Field(() => Int) unannouncedDays: number;
  @Field(() => NoticeNames, { nullable: true, description: 'Default MASKED.' }) noticeNames?: NoticeNames | null;
}

@ObjectType()
export class UpdateSupervisionPolicyPayload {
  @Field(() => SupervisionPolicyType, { nullable: true }) supervisionPolicy: SupervisionPolicyType | null;
  @Field(() => [UserError]) errors: UserError[];
}
