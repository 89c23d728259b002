import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { SensitiveField } from '../../auth/sensitive.ts';
import { toGlobalId } from '../../common/global-id.ts';
import { Node } from '../node/node.type.ts';
import { Disability, ELDER_AGE, Gender, Residence, SelfCareLevel } from './person.enums.ts';
import { ageInYear } from '../../common/time.ts';

@ObjectType({
  implements: Node,
  description: 'A villager: an elder, a helper, a family member. Elder attributes apply from age 60.',
})
@Entity('person')
export class Person implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Column('uuid', { name: 'household_id', nullable: true })
  householdId: string | null;

  @Field(() => String)
  @Column('text')
  name: string;

  @Field(() => Gender)
  @Column('enum', { enum: Gender, enumName: 'gender' })
  gender: Gender;

  @Field(() => Int)
  @Column('smallint', { name: 'birth_year' })
  birthYear: number;

  @Field(() => Residence)
  @Column('enum', { enum: Residence, enumName: 'residence' })
  residence: Residence;

  @Field(() => Boolean, { description: 'Party member (党员), often mobilised as a helper.' })
  @Column('boolean', { name: 'party_member' })
  partyMember: boolean;

  @SensitiveField(() => String, 'IDENTITY', 'Mobile or landline number.')
  @Column('text', { nullable: true })
  phone: string | null;

  @SensitiveField(() => String, 'IDENTITY', 'Resident identity card number (居民身份证号).')
  @Column('text', { name: 'id_number', nullable: true })
  idNumber: string | null;

  @SensitiveField(() => SelfCareLevel, 'HEALTH', 'Self-care ability; set for elders.')
  @Column('enum', { name: 'self_care_level', enum: SelfCareLevel, enumName: 'self_care_level', nullable: true })
  selfCareLevel: SelfCareLevel | null;

  @SensitiveField(() => Boolean, 'SAFETY', 'Lives alone (独居).')
  @Column('boolean', { name: 'lives_alone' })
  livesAlone: boolean;

  @Field(() => Boolean, { description: 'Left behind (留守): close family lives away.' })
  @Column('boolean', { name: 'left_behind' })
  leftBehind: boolean;

  @SensitiveField(
    () => Boolean,
    'SOCIAL_ASSISTANCE',
    'Member of a bottom-line (兜底) household under social assistance.',
  )
  @Column('boolean', { name: 'bottom_line_household' })
  bottomLineHousehold: boolean;

  @SensitiveField(() => Disability, 'HEALTH', 'Category of disability, NONE if none.')
  @Column('enum', { enum: Disability, enumName: 'disability' })
  disability: Disability;

  @SensitiveField(() => String, 'HEALTH', 'Free-text health notes.')
  @Column('text', { name: 'health_notes', nullable: true })
  healthNotes: string | null;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  get nodeType(): string {
    return 'Person';
  }

  get globalId(): string {
    return toGlobalId('Person', this.id);
  }

  @Field(() => Int, { description: 'Age this calendar year.' })
  get age(): number {
    return ageInYear(this.birthYear);
  }

  @Field(() => Boolean, { description: `Aged ${ELDER_AGE} or over this calendar year.` })
  get isElder(): boolean {
    return this.age >= ELDER_AGE;
  }
}
