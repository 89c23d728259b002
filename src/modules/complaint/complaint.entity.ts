import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { EntryChannel } from '../../audit/entry-channel.enum.ts';
import { toGlobalId } from '../../common/global-id.ts';
import { Node } from '../node/node.type.ts';
import {
  ComplaintCategory,
  ComplaintOutcome,
  ComplaintSeverity,
  ComplaintStatus,
  ComplaintSubjectKind,
} from './complaint.enums.ts';

/**
 * A complaint (issue #16). Who complained is kept even when anonymous (`complainantId`,
 * `complainantSubject`) and shown only to ADMIN, the county arbitrator and the complainant;
 * the description only to those who handle it and to the complainant (complaint.service.ts).
 */
@ObjectType({
  implements: Node,
  description:
    'A complaint about a visit, an agreement, a person or an organisation, and its mediation (调解) or ruling (仲裁).',
})
@Entity('complaint')
export class Complaint implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  /** Where the subject is (a village or group): whose mediation committee handles it. */
  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Field(() => ComplaintSubjectKind)
  @Column('text', { name: 'subject_kind' })
  subjectKind: ComplaintSubjectKind;

  @Column('uuid', { name: 'subject_id' })
  subjectId: string;

  /** The helper concerned (a visit's or agreement's helper, or the person's or organisation's helper record). */
  @Column('uuid', { name: 'helper_id', nullable: true })
  helperId: string | null;

  /** The person concerned (the subject, or the helper's villager): whose credit record an outcome enters. */
  @Column('uuid', { name: 'concerned_person_id', nullable: true })
  concernedPersonId: string | null;

  @Column('uuid', { name: 'concerned_organisation_id', nullable: true })
  concernedOrganisationId: string | null;

  @Column('uuid', { name: 'complainant_id', nullable: true })
  complainantId: string | null;

  /** The token subject that filed it (the complainant, or the officer who typed it in). */
  @Column('text', { name: 'complainant_subject' })
  complainantSubject: string;

  @Field(() => Boolean, {
    description: "The complainant asked not to be named: hidden from all but ADMIN and the county's arbitrators.",
  })
  @Column('boolean')
  anonymous: boolean;

  @Field(() => EntryChannel, { description: 'How the complaint reached the platform.' })
  @Column('text')
  channel: EntryChannel;

  @Field(() => ComplaintCategory)
  @Column('text')
  category: ComplaintCategory;

  @Field(() => ComplaintSeverity)
  @Column('text')
  severity: ComplaintSeverity;

  @Column('text')
  description: string;

  @Field(() => ComplaintStatus)
  @Column('text')
  status: ComplaintStatus;

  @Field(() => ComplaintOutcome, { nullable: true, description: 'Set when RESOLVED or RULED.' })
  @Column('text', { nullable: true })
  outcome: ComplaintOutcome | null;

  @Field(() => String, { nullable: true, description: 'What was decided, in words (RESOLVED or RULED).' })
  @Column('text', { name: 'outcome_text', nullable: true })
  outcomeText: string | null;

  @Field(() => Date)
  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;

  @Field(() => Date, { description: "When it must be acknowledged by (the county's mediation policy)." })
  @Column('timestamptz', { name: 'acknowledge_due_at' })
  acknowledgeDueAt: Date;

  @Field(() => Date, { description: 'When it should be resolved by (the county\u2019s mediation policy).' })
  @Column('timestamptz', { name: 'resolve_due_at' })
  resolveDueAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'resolved_at', nullable: true })
  resolvedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'escalated_at', nullable: true })
  escalatedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'ruled_at', nullable: true })
  ruledAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was found unacknowledged past its deadline and escalated to its township.',
  })
  @Column('timestamptz', { name: 'overdue_at', nullable: true })
  overdueAt: Date | null;

  @Column('uuid', { name: 'escalated_to_region_id', nullable: true })
  escalatedToRegionId: string | null;

  @Column('boolean', { name: 'timer_awaiting_job', default: false })
  timerAwaitingJob: boolean;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;

  get nodeType(): string {
    return 'Complaint';
  }

  get globalId(): string {
    return toGlobalId('Complaint', this.id);
  }
}

@ObjectType({ description: 'A step of a complaint: from, to, who, when, and what was said.' })
@Entity('complaint_step')
export class ComplaintStep {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'complaint_id' })
  complaintId: string;

  @Field(() => ComplaintStatus, { nullable: true })
  @Column('text', { name: 'from_status', nullable: true })
  fromStatus: ComplaintStatus | null;

  @Field(() => ComplaintStatus)
  @Column('text', { name: 'to_status' })
  toStatus: ComplaintStatus;

  @Field(() => String, {
    description: 'Who took the step: a token subject, `complainant` for the filing, `system:complaints` for the timer.',
  })
  @Column('text')
  actor: string;

  @Column('text', { nullable: true })
  text: string | null;

  @Field(() => Date)
  @Column('timestamptz', { default: () => 'now()' })
  at: Date;
}

@ObjectType({ description: 'A helper kept out of new proposals after an upheld serious complaint, until reviewed.' })
@Entity('helper_suspension')
export class HelperSuspension {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'helper_id' })
  helperId: string;

  @Column('uuid', { name: 'complaint_id' })
  complaintId: string;

  @Field(() => Date)
  @Column('timestamptz', { default: () => 'now()' })
  since: Date;

  @Field(() => Date, { nullable: true, description: 'When a coordinator reviewed it and lifted the suspension.' })
  @Column('timestamptz', { name: 'reviewed_at', nullable: true })
  reviewedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'reviewed_by', nullable: true })
  reviewedBy: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'review_text', nullable: true })
  reviewText: string | null;
}
