import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AssignmentStatus } from './assignment.enums.ts';

/** A helper's standing commitment to a need (from a confirmed proposal); counts as load in later runs. */
@Entity('assignment')
export class Assignment {
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

  @Column('integer', { name: 'weekly_minutes' })
  weeklyMinutes: number;

  @Column('text')
  status: AssignmentStatus;

  @Column('timestamptz', { name: 'started_at', default: () => 'now()' })
  startedAt: Date;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt: Date | null;

  @Column('text', { name: 'created_by' })
  createdBy: string;
}
