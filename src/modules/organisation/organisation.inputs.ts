import { ArrayMaxSize, IsOptional, Length } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import { MutationInput } from '../../common/mutation-input.ts';
import { OrganisationKind } from './organisation.enums.ts';
import { IsCleanName } from '../../common/text.ts';

@ArgsType()
export class OrganisationsArgs extends PageArgs {
  @Field(() => ID, {
    nullable: true,
    description: "Organisations seated in this region's subtree or serving it; defaults to your scope.",
  })
  regionId?: string | null;
}

@InputType()
export class CreateOrganisationInput extends MutationInput {
  @Field(() => ID, { description: 'Where the organisation is seated.' })
  regionId: string;

  @Field(() => OrganisationKind)
  kind: OrganisationKind;

  @Field(() => String, { description: 'Unique within the county.' })
  @IsCleanName()
  @Length(1, 128, { message: 'name must be between 1 and 128 characters' })
  name: string;

  @Field(() => [ID], {
    defaultValue: [],
    description: 'Regions it serves (e.g. the 3 villages a charity home cooks for). Defaults to its seat.',
  })
  @ArrayMaxSize(500)
  serviceAreaIds: string[];
}

@InputType()
export class AddOrganisationMemberInput extends MutationInput {
  @Field(() => ID)
  organisationId: string;

  @Field(() => ID)
  personId: string;

  @Field(() => String, { nullable: true, description: 'E.g. 院长, 厨师, 志愿者, 包帮干部 (at most 32 characters).' })
  @IsOptional()
  @Length(1, 32, { message: 'role must be between 1 and 32 characters' })
  role?: string | null;
}
