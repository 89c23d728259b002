import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../common/user-error.ts';
import { Person } from '../person/person.entity.ts';
import { Organisation } from './organisation.entity.ts';

@ObjectType({ description: "A person's membership of an organisation." })
export class OrganisationMembership {
  @Field(() => Person)
  person: Person;

  @Field(() => String, { nullable: true })
  role: string | null;

  @Field(() => Date)
  joinedAt: Date;
}

@ObjectType()
export class CreateOrganisationPayload {
  @Field(() => Organisation, { nullable: true })
  organisation: Organisation | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class AddOrganisationMemberPayload {
  @Field(() => Organisation, { nullable: true })
  organisation: Organisation | null;

  @Field(() => [UserError])
  errors: UserError[];
}
