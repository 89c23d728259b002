import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { toGlobalId } from '../../common/global-id.ts';
import { Node } from '../node/node.type.ts';
import { HelperStanding, InspectionKind, InspectionStatus, RectificationStatus } from './supervision.enums.ts';
import type { InspectionScores } from './supervision-policy.ts';

@ObjectType('InspectionScores', {
  description:
    'The indicators the papers name (环境卫生, 生活质量, 精神状态), the elder\u2019s satisfaction and safety.',
})
export class InspectionScoresType implements InspectionScores {
  @Field(() => Float, { description: '环境卫生 household hygiene.' }) hygiene: number;
  @Field(() => Float, { description: '生活质量 quality of life.' }) qualityOfLife: number;
  @Field(() => Float, { description: '精神状态 state of mind.' }) stateOfMind: number;
  @Field(() => Float, { description: 'The elder\u2019s satisfaction.' }) satisfaction: number;
  @Field(() => Float, { description: 'Safety (a poor score here alone makes the result poor).' }) safety: number;
}

@ObjectType({
  implements: Node,
  description:
    'A supervision inspection (督查) of a care agreement or a household: planned (a follow-up, or drawn unannounced) or done, with its scores on the county scale.',
})
@Entity('inspection')
export class Inspection implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  /** The village or group of the elder (agreement) or of the household. */
  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Field(() => InspectionKind)
  @Column('text')
  kind: InspectionKind;

  @Field(() => String, { nullable: true, description: 'The theme of a SPECIAL inspection (冬季取暖 …).' })
  @Column('text', { nullable: true })
  theme: string | null;

  @Column('uuid', { name: 'agreement_id', nullable: true })
  agreementId: string | null;

  @Column('uuid', { name: 'household_id', nullable: true })
  householdId: string | null;

  /** The helper inspected: the agreement's (null for a household inspection). */
  @Column('uuid', { name: 'helper_id', nullable: true })
  helperId: string | null;

  @Column('uuid', { name: 'follow_up_of', nullable: true })
  followUpOfId: string | null;

  @Column('uuid', { name: 'draw_id', nullable: true })
  drawId: string | null;

  @Field(() => InspectionStatus)
  @Column('text')
  status: InspectionStatus;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'For a planned inspection: the day it is due by.' })
  @Column('date', { name: 'due_date', nullable: true })
  dueDate: string | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'inspected_at', nullable: true })
  inspectedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who inspected (the token subject).' })
  @Column('text', { nullable: true })
  inspector: string | null;

  @Field(() => Int, { nullable: true, description: 'The top of the scale the scores were given on.' })
  @Column('integer', { name: 'scale_max', nullable: true })
  scaleMax: number | null;

  @Field(() => InspectionScoresType, { nullable: true })
  @Column('jsonb', { nullable: true })
  scores: InspectionScores | null;

  @Field(() => Float, { nullable: true, description: 'The mean of the indicators.' })
  @Column('double precision', { nullable: true })
  score: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "Below the county's threshold (the mean, or safety alone): a rectification task and a follow-up.",
  })
  @Column('boolean', { nullable: true })
  poor: boolean | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  findings: string | null;

  @Field(() => [String], { description: 'References to the photos taken (file names or archive numbers).' })
  @Column('text', { name: 'photo_refs', array: true })
  photoRefs: string[];

  @Column('text', { name: 'created_by' })
  createdBy: string;

  @Field(() => Date)
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  get nodeType(): string {
    return 'Inspection';
  }

  get globalId(): string {
    return toGlobalId('Inspection', this.id);
  }
}

@ObjectType({ description: 'What a poor inspection asked to be put right, by when.' })
@Entity('rectification_task')
export class RectificationTask {
  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('RectificationTask', this.id);
  }

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Column('uuid', { name: 'inspection_id' })
  inspectionId: string;

  @Column('uuid', { name: 'agreement_id', nullable: true })
  agreementId: string | null;

  @Column('uuid', { name: 'household_id', nullable: true })
  householdId: string | null;

  @Column('uuid', { name: 'helper_id', nullable: true })
  helperId: string | null;

  @Field(() => GraphQLLocalDate)
  @Column('date', { name: 'due_date' })
  dueDate: string;

  @Field(() => RectificationStatus)
  @Column('text')
  status: RectificationStatus;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'closed_by', nullable: true })
  closedBy: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'closing_note', nullable: true })
  closingNote: string | null;

  @Field(() => Date)
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}

/** One candidate of a draw, as it was weighed. */
export interface DrawCandidate {
  agreementId: string;
  weight: number;
}

@ObjectType({
  description:
    'A draw of unannounced inspections: the seed, every candidate with its weight, and the agreements drawn. Drawing again from the same seed and candidates gives the same list.',
})
@Entity('inspection_draw')
export class InspectionDraw {
  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('InspectionDraw', this.id);
  }

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Field(() => String)
  @Column('text')
  seed: string;

  @Field(() => Int)
  @Column('integer', { name: 'sample_size' })
  sampleSize: number;

  @Column('jsonb')
  candidates: DrawCandidate[];

  @Column('uuid', { array: true })
  drawn: string[];

  @Field(() => GraphQLLocalDate)
  @Column('date', { name: 'due_date' })
  dueDate: string;

  @Field(() => String)
  @Column('text', { name: 'drawn_by' })
  drawnBy: string;

  @Field(() => Date)
  @Column('timestamptz', { name: 'drawn_at', default: () => 'now()' })
  drawnAt: Date;
}

@Entity('helper_standing')
export class HelperStandingRow {
  @PrimaryColumn('uuid', { name: 'helper_id' })
  helperId: string;

  @Column('text')
  standing: HelperStanding;

  @Column('timestamptz', { default: () => 'now()' })
  since: Date;

  @Column('text')
  reason: string;

  @Column('uuid', { name: 'inspection_id', nullable: true })
  inspectionId: string | null;
}
