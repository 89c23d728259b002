import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../common/user-error.ts';
import { Person } from './person.entity.ts';

@ObjectType()
export class RegisterPersonPayload {
  @Field(() => Person, { nullable: true })
  person: Person | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class UpdatePersonPayload {
  @Field(() => Person, { nullable: true })
  person: Person | null;

  @Field(() => [UserError])
  errors: UserError[];
}
