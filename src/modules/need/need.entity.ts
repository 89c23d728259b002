import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { SensitiveField } from '../../auth/sensitive.ts';
import { toGlobalId } from '../../common/global-id.ts';
import { EntryChannel } from '../../audit/entry-channel.enum.ts';
import { CertificateKind } from '../catalogue/certificate-kind.enum.ts';
import { ServiceType } from '../catalogue/service-type.enum.ts';
import { Node } from '../node/node.type.ts';
import { NeedStatus, occurrencesPerWeek, RecurrenceKind, UnmetEscalation } from './need.enums.ts';
import { NeedStatusReason } from './need-status-reason.enum.ts';
import { daysWaited } from '../../common/time.ts';

@ObjectType({ implements: Node, description: "An elder's need for help (需求): what, how often, when." })
@Entity('need')
export class Need implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  /** The elder's region when the need was entered; drives scope. */
  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Column('uuid', { name: 'elder_id' })
  elderId: string;

  @Field(() => ServiceType)
  @Column('enum', { name: 'service_type', enum: ServiceType, enumName: 'service_type' })
  serviceType: ServiceType;

  @Field(() => Int)
  @Column('smallint', { name: 'minutes_per_occurrence' })
  minutesPerOccurrence: number;

  @Column('enum', { enum: RecurrenceKind, enumName: 'recurrence_kind' })
  recurrence: RecurrenceKind;

  @Column('smallint', { array: true })
  weekdays: number[];

  @Column('time', { name: 'window_start' })
  windowStart: string;

  @Column('time', { name: 'window_end' })
  windowEnd: string;

  @Field(() => GraphQLLocalDate)
  @Column('date', { name: 'start_date' })
  startDate: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Column('date', { name: 'end_date', nullable: true })
  endDate: string | null;

  @Field(() => Int, { description: 'Helpers needed at once (bathing may take 2).' })
  @Column('smallint', { name: 'helpers_needed' })
  helpersNeeded: number;

  @Field(() => CertificateKind, { nullable: true })
  @Column('enum', { name: 'required_certificate', enum: CertificateKind, enumName: 'certificate_kind', nullable: true })
  requiredCertificate: CertificateKind | null;

  @SensitiveField(() => String, 'HEALTH', 'Free-text notes.')
  @Column('text', { nullable: true })
  notes: string | null;

  @Field(() => NeedStatus)
  @Column('enum', { enum: NeedStatus, enumName: 'need_status' })
  status: NeedStatus;

  @Field(() => NeedStatusReason, { description: 'Why the status last changed, as a code free of health details.' })
  @Column('enum', { name: 'status_reason_code', enum: NeedStatusReason, enumName: 'need_status_reason' })
  statusReason: NeedStatusReason;

  @SensitiveField(
    () => String,
    'HEALTH',
    'What was said about the last status change, e.g. which hospital; may hold health details.',
  )
  @Column('text', { name: 'status_note', nullable: true })
  statusNote: string | null;

  @Field(() => Date)
  @Column('timestamptz', { name: 'status_changed_at' })
  statusChangedAt: Date;

  @Column('timestamptz', { name: 'unmet_since', nullable: true })
  unmetSince: Date | null;

  @Field(() => EntryChannel, { description: 'How the need reached the platform.' })
  @Column('enum', { name: 'entry_channel', enum: EntryChannel, enumName: 'entry_channel' })
  entryChannel: EntryChannel;

  @Field(() => UnmetEscalation, { nullable: true, description: 'Set when the last run found nobody near.' })
  @Column('text', { nullable: true })
  escalation: UnmetEscalation | null;

  @Column('text', { name: 'entered_by' })
  enteredBy: string;

  @Column('uuid', { name: 'proxy_id', nullable: true })
  proxyId: string | null;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  get nodeType(): string {
    return 'Need';
  }

  get globalId(): string {
    return toGlobalId('Need', this.id);
  }

  @Field(() => Int, { description: 'Days the need has waited while OPEN or PROPOSED; 0 otherwise.' })
  get daysUnmet(): number {
    return daysWaited(this.unmetSince);
  }

  @Field(() => Int, { description: 'Minutes a week one helper gives to it (a one-off counts once).' })
  get weeklyMinutes(): number {
    return occurrencesPerWeek(this.recurrence, this.weekdays) * this.minutesPerOccurrence;
  }
}

@Entity('need_status_change')
export class NeedStatusChange {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('uuid', { name: 'need_id' })
  needId: string;

  @Column('enum', { name: 'from_status', enum: NeedStatus, enumName: 'need_status', nullable: true })
  fromStatus: NeedStatus | null;

  @Column('enum', { name: 'to_status', enum: NeedStatus, enumName: 'need_status' })
  toStatus: NeedStatus;

  @Column('enum', { name: 'reason_code', enum: NeedStatusReason, enumName: 'need_status_reason' })
  reason: NeedStatusReason;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('text')
  actor: string;

  @Column('timestamptz', { default: () => 'now()' })
  at: Date;
}

@Entity('need_helper_preference')
export class NeedHelperPreference {
  @PrimaryColumn('uuid', { name: 'need_id' })
  needId: string;

  @PrimaryColumn('uuid', { name: 'helper_id' })
  helperId: string;

  @Column('boolean')
  preferred: boolean;

  /** The proxy who said it for the elder; null when the elder said it themself. */
  @Column('uuid', { name: 'spoken_by_proxy_id', nullable: true })
  spokenByProxyId: string | null;

  @Column('timestamptz', { name: 'stated_at', default: () => 'now()' })
  statedAt: Date;

  /** Who entered it (token subject). */
  @Column('text', { name: 'entered_by' })
  enteredBy: string;
}
