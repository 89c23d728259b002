import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../common/user-error.ts';
import { Region } from './region.entity.ts';

@ObjectType()
export class CreateRegionPayload {
  @Field(() => Region, { nullable: true })
  region: Region | null;

  @Field(() => [UserError])
  errors: UserError[];
}
