import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { SensitiveField } from '../../auth/sensitive.ts';
import { toGlobalId } from '../../common/global-id.ts';
import { ServiceType } from '../catalogue/service-type.enum.ts';
import { Node } from '../node/node.type.ts';

export enum HelperKind {
  PERSON = 'PERSON',
  ORGANISATION = 'ORGANISATION',
}

registerEnumType(HelperKind, {
  name: 'HelperKind',
  description: 'A villager, or an organisation offering capacity in bulk.',
});

@ObjectType({
  implements: Node,
  description: 'Someone who offers help (供给): a villager or an organisation, with their capacity.',
})
@Entity('helper')
export class Helper implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Field(() => HelperKind)
  @Column('enum', { enum: HelperKind, enumName: 'helper_kind' })
  kind: HelperKind;

  @Column('uuid', { name: 'person_id', nullable: true })
  personId: string | null;

  @Column('uuid', { name: 'organisation_id', nullable: true })
  organisationId: string | null;

  /** Home location: the household's village or group, or the organisation's seat. */
  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @SensitiveField(() => Float, 'IDENTITY', 'Latitude of the home, when recorded.')
  @Column('double precision', { nullable: true })
  latitude: number | null;

  @SensitiveField(() => Float, 'IDENTITY', 'Longitude of the home, when recorded.')
  @Column('double precision', { nullable: true })
  longitude: number | null;

  @Field(() => Float, {
    description: 'How far the helper will go, in km (used with coordinates; without them, the same village).',
  })
  @Column('real', { name: 'travel_radius_km' })
  travelRadiusKm: number;

  @Field(() => [ServiceType])
  @Column('enum', { name: 'service_types', enum: ServiceType, enumName: 'service_type', array: true })
  serviceTypes: ServiceType[];

  @Field(() => Int, { description: 'Minutes a week the helper can give.' })
  @Column('integer', { name: 'weekly_minutes' })
  weeklyMinutes: number;

  @Field(() => Int, { description: 'Most elders served at once.' })
  @Column('smallint', { name: 'max_elders' })
  maxElders: number;

  @Field(() => Int, { nullable: true, description: 'Bulk capacity of an organisation, e.g. 40 meals a day.' })
  @Column('smallint', { name: 'daily_occurrences', nullable: true })
  dailyOccurrences: number | null;

  @Field(() => Boolean)
  @Column('boolean')
  active: boolean;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'paused_reason', nullable: true })
  pausedReason: string | null;

  @Field(() => Boolean, { description: 'The helper agreed to be matched. Without consent no proposal is made.' })
  @Column('boolean')
  consent: boolean;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'consent_at', nullable: true })
  consentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  get nodeType(): string {
    return 'Helper';
  }

  get globalId(): string {
    return toGlobalId('Helper', this.id);
  }
}
