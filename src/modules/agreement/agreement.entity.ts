import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { toGlobalId } from '../../common/global-id.ts';
import { Node } from '../node/node.type.ts';
import { AgreementParty, AgreementStatus, CareDuty, CareMode, SignatureChannel } from './agreement.enums.ts';

/** One duty the helper undertakes, with what was agreed in words. */
@ObjectType({ description: 'A duty of the helper, with what was agreed.' })
export class AgreementDuty {
  @Field(() => CareDuty)
  duty: CareDuty;

  @Field(() => String, { description: 'What was agreed, in the parties\u2019 words.' })
  text: string;
}

@ObjectType({
  implements: Node,
  description:
    'A care agreement (托养/联养协议): an elder (with their proxy, if one acts) and a helper, witnessed by the village committee; the mode, the duties, the needs it covers and its term.',
})
@Entity('care_agreement')
export class CareAgreement implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  /** The elder's village or group. */
  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Column('uuid', { name: 'elder_id' })
  elderId: string;

  @Column('uuid', { name: 'proxy_id', nullable: true })
  proxyId: string | null;

  @Column('uuid', { name: 'helper_id' })
  helperId: string;

  @Field(() => CareMode)
  @Column('text', { name: 'care_mode' })
  careMode: CareMode;

  @Field(() => [AgreementDuty])
  @Column('jsonb')
  duties: AgreementDuty[];

  @Field(() => GraphQLLocalDate)
  @Column('date', { name: 'start_date' })
  startDate: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Null: open-ended.' })
  @Column('date', { name: 'end_date', nullable: true })
  endDate: string | null;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'When the parties and the committee look at it again.',
  })
  @Column('date', { name: 'review_date', nullable: true })
  reviewDate: string | null;

  @Field(() => AgreementStatus)
  @Column('text')
  status: AgreementStatus;

  @Field(() => Date, { nullable: true, description: 'When the helper asked to end it (with notice).' })
  @Column('timestamptz', { name: 'end_requested_at', nullable: true })
  endRequestedAt: Date | null;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'The day it ends after the helper asked to end it: the notice period runs until then.',
  })
  @Column('date', { name: 'ends_on', nullable: true })
  endsOn: string | null;

  @Column('text', { name: 'created_by' })
  createdBy: string;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  get nodeType(): string {
    return 'CareAgreement';
  }

  get globalId(): string {
    return toGlobalId('CareAgreement', this.id);
  }
}

@Entity('care_agreement_need')
export class CareAgreementNeed {
  @PrimaryColumn('uuid', { name: 'agreement_id' })
  agreementId: string;

  @PrimaryColumn('uuid', { name: 'need_id' })
  needId: string;
}

@ObjectType({ description: 'A party\u2019s signature: who, how, when, and who recorded it.' })
@Entity('care_agreement_signature')
export class AgreementSignature {
  @PrimaryColumn('uuid', { name: 'agreement_id' })
  agreementId: string;

  @Field(() => AgreementParty)
  @PrimaryColumn('text')
  party: AgreementParty;

  @Field(() => SignatureChannel)
  @Column('text')
  channel: SignatureChannel;

  @Field(() => String, { description: 'The name signed (the party, or the committee member for the witness).' })
  @Column('text', { name: 'signer_name' })
  signerName: string;

  @Field(() => String, { description: 'Who recorded it (the party themself in the app, or the officer).' })
  @Column('text', { name: 'recorded_by' })
  recordedBy: string;

  @Field(() => String, { nullable: true, description: 'Reference to the scan of the paper copy.' })
  @Column('text', { name: 'scan_ref', nullable: true })
  scanRef: string | null;

  @Field(() => String, { nullable: true, description: 'Who witnessed a thumbprint.' })
  @Column('text', { name: 'witness_name', nullable: true })
  witnessName: string | null;

  @Field(() => Date)
  @Column('timestamptz', { name: 'signed_at', default: () => 'now()' })
  signedAt: Date;
}

@ObjectType({ description: 'A change of an agreement\u2019s status: from, to, who, when, why.' })
@Entity('care_agreement_change')
export class AgreementChange {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'agreement_id' })
  agreementId: string;

  @Field(() => AgreementStatus, { nullable: true })
  @Column('text', { name: 'from_status', nullable: true })
  fromStatus: AgreementStatus | null;

  @Field(() => AgreementStatus)
  @Column('text', { name: 'to_status' })
  toStatus: AgreementStatus;

  @Field(() => String)
  @Column('text')
  actor: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  reason: string | null;

  @Field(() => Date)
  @Column('timestamptz', { default: () => 'now()' })
  at: Date;
}

/** A helper the elder does not want proposed again, until the elder allows it. */
@Entity('elder_helper_exclusion')
export class ElderHelperExclusion {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'elder_id' })
  elderId: string;

  @Column('uuid', { name: 'helper_id' })
  helperId: string;

  @Column('uuid', { name: 'agreement_id', nullable: true })
  agreementId: string | null;

  @Column('text')
  reason: string;

  @Column('timestamptz', { default: () => 'now()' })
  since: Date;

  @Column('text', { name: 'created_by' })
  createdBy: string;

  @Column('timestamptz', { name: 'lifted_at', nullable: true })
  liftedAt: Date | null;

  @Column('text', { name: 'lifted_by', nullable: true })
  liftedBy: string | null;
}
