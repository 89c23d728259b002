import { Field, ObjectType } from 'type-graphql';
import { Role } from '../../auth/role.ts';
import { Person } from '../person/person.entity.ts';
import { Region } from '../region/region.entity.ts';

@ObjectType({ description: 'Who the token belongs to and what it may do.' })
export class ViewerInfo {
  @Field(() => String, { description: "The token's subject." })
  subject: string;

  @Field(() => Role)
  role: Role;

  @Field(() => Region, {
    nullable: true,
    description: 'Root of the region subtree the token is bound to; null for ADMIN (everywhere).',
  })
  region: Region | null;

  @Field(() => Person, { nullable: true, description: 'The person the token speaks for, if any.' })
  person: Person | null;

  @Field(() => Boolean, { description: 'Whether this token may create and change records in its region.' })
  canWrite: boolean;

  @Field(() => Boolean, { description: 'Whether sensitive fields (marked @sensitive) are readable in its region.' })
  canReadSensitive: boolean;
}
