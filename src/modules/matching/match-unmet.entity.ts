import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('match_unmet')
export class MatchUnmet {
  @PrimaryColumn('uuid', { name: 'run_id' })
  runId: string;

  @PrimaryColumn('uuid', { name: 'need_id' })
  needId: string;

  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Column('smallint')
  missing: number;

  @Column('text')
  reason: string;

  @Column('text')
  escalation: string;
}
