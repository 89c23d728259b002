import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { toGlobalId } from '../../common/global-id.ts';
import { Node } from '../node/node.type.ts';
import { AssignmentStatus } from './assignment.enums.ts';

/** A helper's standing commitment to a need (from a confirmed proposal); counts as load in later runs. */
@ObjectType({
  implements: Node,
  description:
    'A helper standing for a need (from a confirmed proposal): who comes to which elder, since when, and for how long a week.',
})
@Entity('assignment')
export class Assignment implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Column('uuid', { name: 'need_id' })
  needId: string;

  @Column('uuid', { name: 'helper_id' })
  helperId: string;

  @Column('uuid', { name: 'elder_id' })
  elderId: string;

  @Field(() => Int, { description: 'Minutes a week the helper gives to it.' })
  @Column('integer', { name: 'weekly_minutes' })
  weeklyMinutes: number;

  @Field(() => AssignmentStatus)
  @Column('text')
  status: AssignmentStatus;

  @Field(() => Date, { description: 'When the coordinator confirmed it.' })
  @Column('timestamptz', { name: 'started_at', default: () => 'now()' })
  startedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was released; null while ACTIVE.' })
  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt: Date | null;

  @Column('text', { name: 'created_by' })
  createdBy: string;

  get nodeType(): string {
    return 'Assignment';
  }

  get globalId(): string {
    return toGlobalId('Assignment', this.id);
  }
}
