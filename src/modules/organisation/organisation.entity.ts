import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { toGlobalId } from '../../common/global-id.ts';
import { Node } from '../node/node.type.ts';
import { OrganisationKind } from './organisation.enums.ts';

@ObjectType({
  implements: Node,
  description: 'A charity home, medical-care centre, clinic, company, party branch or social organisation.',
})
@Entity('organisation')
export class Organisation implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  /** Where it is seated; it may serve other regions too (organisation_service_area). */
  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Field(() => OrganisationKind)
  @Column('enum', { enum: OrganisationKind, enumName: 'organisation_kind' })
  kind: OrganisationKind;

  @Field(() => String)
  @Column('text')
  name: string;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  get nodeType(): string {
    return 'Organisation';
  }

  get globalId(): string {
    return toGlobalId('Organisation', this.id);
  }
}

@Entity('organisation_service_area')
export class OrganisationServiceArea {
  @PrimaryColumn('uuid', { name: 'organisation_id' })
  organisationId: string;

  @PrimaryColumn('uuid', { name: 'region_id' })
  regionId: string;
}

@Entity('organisation_member')
export class OrganisationMember {
  @PrimaryColumn('uuid', { name: 'organisation_id' })
  organisationId: string;

  @PrimaryColumn('uuid', { name: 'person_id' })
  personId: string;

  @Column('text', { nullable: true })
  role: string | null;

  @CreateDateColumn({ name: 'joined_at', type: 'timestamptz' })
  joinedAt: Date;
}
