import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { toGlobalId } from '../../common/global-id.ts';

@ObjectType({ description: "An elder's consent to show their needs, redacted, to charities working in their area." })
@Entity('sharing_consent')
export class SharingConsent {
  @PrimaryColumn('uuid', { name: 'elder_id' })
  elderId: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Column('uuid', { name: 'given_by_id' })
  givenById: string;

  @Field(() => Date)
  @Column('timestamptz', { name: 'given_at' })
  givenAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'withdrawn_at', nullable: true })
  withdrawnAt: Date | null;

  @Column('text', { name: 'recorded_by' })
  recordedBy: string;

  @Field(() => Boolean, { description: 'Given and not withdrawn.' })
  get consented(): boolean {
    return this.withdrawnAt === null;
  }

  @Field(() => ID, { name: 'givenById', description: 'The elder, or the proxy who spoke for them.' })
  get givenByGlobalId(): string {
    return toGlobalId('Person', this.givenById);
  }
}
