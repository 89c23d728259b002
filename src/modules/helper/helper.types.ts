import { Field, ID, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../common/user-error.ts';
import { Helper } from './helper.entity.ts';
import { Certificate } from './helper-parts.entity.ts';

@ObjectType({
  description:
    "What a helper has already committed to, from active assignments. It has its own id (the helper's load), so that a client's normalised cache merges a partial selection instead of replacing the object.",
})
export class HelperLoad {
  @Field(() => ID, { description: 'Stable per helper.' }) id: string;
  @Field(() => Int) committedMinutes: number;
  @Field(() => Int) committedElders: number;
  @Field(() => Int, { description: 'weeklyMinutes − committedMinutes, never below 0.' }) remainingMinutes: number;
  @Field(() => Int, { description: 'maxElders − committedElders, never below 0.' }) remainingElders: number;
}

@ObjectType()
export class SetHelperCapacityPayload {
  @Field(() => Helper, { nullable: true }) helper: Helper | null;
  @Field(() => [UserError]) errors: UserError[];
}

@ObjectType()
export class PauseHelperPayload {
  @Field(() => Helper, { nullable: true }) helper: Helper | null;
  @Field(() => [UserError]) errors: UserError[];
}

@ObjectType()
export class ResumeHelperPayload {
  @Field(() => Helper, { nullable: true }) helper: Helper | null;
  @Field(() => [UserError]) errors: UserError[];
}

@ObjectType()
export class AddCertificatePayload {
  @Field(() => Certificate, { nullable: true }) certificate: Certificate | null;
  @Field(() => Helper, { nullable: true }) helper: Helper | null;
  @Field(() => [UserError]) errors: UserError[];
}
