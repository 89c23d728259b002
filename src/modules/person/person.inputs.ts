import { IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import { MutationInput } from '../../common/mutation-input.ts';
import { Disability, ELDER_AGE, Gender, Residence, SelfCareLevel } from './person.enums.ts';
import { IsCleanName } from '../../common/text.ts';

@ArgsType()
export class PeopleArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Everyone in this region's whole subtree; defaults to your scope." })
  regionId?: string | null;

  @Field(() => Boolean, { nullable: true, description: `Only elders (aged ${ELDER_AGE} or over this year).` })
  eldersOnly?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'Names containing this text (e.g. a surname), at most 32 characters. Ordered by name as always.',
  })
  @MaxLength(32, { message: 'search is at most 32 characters' })
  search?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only members of this household.' })
  householdId?: string | null;

  @Field(() => [SelfCareLevel], {
    nullable: true,
    description:
      'Only these self-care levels. A sensitive filter: only for viewers who may read self-care levels in the region (FORBIDDEN otherwise).',
  })
  selfCareLevel?: SelfCareLevel[] | null;
}

const PHONE = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/;
const HOUSEHOLD_CODE = /^[0-9A-Za-z-]{1,32}$/;

/** Fields shared by registration and update; absent means "leave as is", null means "clear". */
@InputType()
abstract class PersonFields extends MutationInput {
  @Field(() => ID, {
    nullable: true,
    description: 'Village or villager group the person lives in (or is registered in, when away).',
  })
  regionId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Household number within the region; the household is created if new. Null leaves the household.',
  })
  @IsOptional()
  @Matches(HOUSEHOLD_CODE, { message: 'householdCode must be 1–32 letters, digits or dashes' })
  householdCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Address of a newly created household (sensitive).' })
  @IsOptional()
  @MaxLength(200)
  householdAddress?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsCleanName()
  @Length(1, 64, { message: 'name must be between 1 and 64 characters' })
  name?: string | null;

  @Field(() => Gender, { nullable: true })
  gender?: Gender | null;

  @Field(() => Int, { nullable: true, description: 'Between 1900 and this year.' })
  birthYear?: number | null;

  @Field(() => String, { nullable: true, description: 'Mobile (11 digits) or landline with area code (sensitive).' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be an 11-digit mobile number or a landline with area code' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: '18-character resident identity card number (sensitive).' })
  idNumber?: string | null;

  @Field(() => Residence, { nullable: true })
  residence?: Residence | null;

  @Field(() => Boolean, { nullable: true })
  partyMember?: boolean | null;

  @Field(() => SelfCareLevel, { nullable: true, description: 'Sensitive.' })
  selfCareLevel?: SelfCareLevel | null;

  @Field(() => Boolean, { nullable: true, description: 'Sensitive.' })
  livesAlone?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  leftBehind?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Sensitive.' })
  bottomLineHousehold?: boolean | null;

  @Field(() => Disability, { nullable: true, description: 'Sensitive.' })
  disability?: Disability | null;

  @Field(() => String, { nullable: true, description: 'Sensitive; at most 2000 characters.' })
  @IsOptional()
  @MaxLength(2000, { message: 'healthNotes must be at most 2000 characters' })
  healthNotes?: string | null;
}

@InputType({ description: 'A new villager. regionId, name, gender and birthYear are required.' })
export class RegisterPersonInput extends PersonFields {}

@InputType({ description: 'Changes to a villager: only the fields given change; null clears an optional field.' })
export class UpdatePersonInput extends PersonFields {
  @Field(() => ID)
  id: string;
}
