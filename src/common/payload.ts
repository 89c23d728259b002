import { Field, ObjectType } from 'type-graphql';
import { UserError } from './user-error.ts';

/**
 * A mutation payload type `<name>` with the changed object under `field` and `errors`.
 * Resolvers return `{ result, errors }` (a MutationResult) as they are.
 */
export function PayloadType(name: string, field: string, type: () => unknown) {
  @ObjectType(name)
  class Payload {
    @Field(() => [UserError]) errors: UserError[];
  }
  Field(type as never, { name: field, nullable: true })(Payload.prototype, 'result');
  return Payload;
}
