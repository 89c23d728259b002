import { GraphQLLocalDate, GraphQLLocalTime } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { toGlobalId } from '../../common/global-id.ts';
import { ServiceType } from '../catalogue/service-type.enum.ts';
import { Node } from '../node/node.type.ts';
import { VisitStatus } from './visit.enums.ts';

/** Where a phone said it was, when it could. */
export interface VisitLocation {
  latitude: number;
  longitude: number;
}

@ObjectType({
  implements: Node,
  description:
    "A dated visit of an agreement's helper to its elder: scheduled, checked in and out, confirmed and rated by the elder.",
})
@Entity('visit')
export class Visit implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Column('uuid', { name: 'agreement_id' })
  agreementId: string;

  @Column('uuid', { name: 'need_id' })
  needId: string;

  @Column('uuid', { name: 'helper_id' })
  helperId: string;

  @Column('uuid', { name: 'elder_id' })
  elderId: string;

  @Field(() => ServiceType)
  @Column('enum', { name: 'service_type', enum: ServiceType, enumName: 'service_type' })
  serviceType: ServiceType;

  @Field(() => GraphQLLocalDate, { description: 'The day, in Asia/Shanghai.' })
  @Column('date', { name: 'scheduled_date' })
  scheduledDate: string;

  @Field(() => GraphQLLocalTime)
  @Column('time', { name: 'window_start' })
  windowStart: string;

  @Field(() => GraphQLLocalTime)
  @Column('time', { name: 'window_end' })
  windowEnd: string;

  @Field(() => Int)
  @Column('integer', { name: 'planned_minutes' })
  plannedMinutes: number;

  @Field(() => VisitStatus)
  @Column('text')
  status: VisitStatus;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'checked_in_at', nullable: true })
  checkedInAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'checked_out_at', nullable: true })
  checkedOutAt: Date | null;

  @Column('jsonb', { name: 'check_in_location', nullable: true })
  checkInLocation: VisitLocation | null;

  @Column('jsonb', { name: 'check_out_location', nullable: true })
  checkOutLocation: VisitLocation | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who recorded the check-in and out (the helper, or an officer).',
  })
  @Column('text', { name: 'recorded_by', nullable: true })
  recordedBy: string | null;

  @Column('text', { name: 'entry_channel', nullable: true })
  entryChannel: string | null;

  @Field(() => String, { nullable: true, description: 'What was done, as the helper recorded it.' })
  @Column('text', { name: 'done_notes', nullable: true })
  doneNotes: string | null;

  @Field(() => Int, { nullable: true, description: "The elder's stars, 1–5." })
  @Column('smallint', { nullable: true })
  rating: number | null;

  @Field(() => [String])
  @Column('text', { name: 'rating_tags', array: true })
  ratingTags: string[];

  /** The elder's words: shown to officers and the elder's side, never to the helper (visit.resolver). */
  @Column('text', { name: 'rating_comment', nullable: true })
  ratingComment: string | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt: Date | null;

  @Column('text', { name: 'confirmed_by', nullable: true })
  confirmedBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'verified_at', nullable: true })
  verifiedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who made it VERIFIED: the elder\u2019s side confirming, or a supervisor.',
  })
  @Column('text', { name: 'verified_by', nullable: true })
  verifiedBy: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'cancel_reason', nullable: true })
  cancelReason: string | null;

  /** When the sweep announced it as unconfirmed for 3 days (once). */
  @Column('timestamptz', { name: 'unconfirmed_alert_at', nullable: true })
  unconfirmedAlertAt: Date | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int, { nullable: true, description: 'Minutes between check-in and check-out.' })
  get minutesDone(): number | null {
    if (!this.checkedInAt || !this.checkedOutAt) return null;
    return Math.round((this.checkedOutAt.getTime() - this.checkedInAt.getTime()) / 60_000);
  }

  get nodeType(): string {
    return 'Visit';
  }

  get globalId(): string {
    return toGlobalId('Visit', this.id);
  }
}
