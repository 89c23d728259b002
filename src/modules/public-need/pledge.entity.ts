import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { toGlobalId } from '../../common/global-id.ts';

export enum PledgeStatus {
  ACTIVE = 'ACTIVE',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(PledgeStatus, { name: 'PledgeStatus' });

/**
 * A charity's offer to take one public need. The next match run sees the charity's organisation
 * as an ORGANISATION-ring candidate for that need, with the pledged minutes as capacity; a
 * coordinator still confirms the proposal.
 */
@ObjectType({
  description:
    "A charity's offer of capacity for one public need. The next match run may propose the charity for it; a coordinator confirms.",
})
@Entity('charity_pledge')
export class CharityPledge {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'account_id' })
  accountId: string;

  @Column('uuid', { name: 'organisation_id' })
  organisationId: string;

  @Column('uuid', { name: 'need_id' })
  needId: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Field(() => Int)
  @Column('integer', { name: 'weekly_minutes' })
  weeklyMinutes: number;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  note: string | null;

  @Field(() => PledgeStatus)
  @Column('enum', { enum: PledgeStatus, enumName: 'pledge_status' })
  status: PledgeStatus;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'withdrawn_at', nullable: true })
  withdrawnAt: Date | null;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('CharityPledge', this.id);
  }
}
