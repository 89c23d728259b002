import { Field, Float, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { toGlobalId } from '../../common/global-id.ts';
import type { MatchMetrics } from '../../matching/types.ts';
import { Node } from '../node/node.type.ts';
import { MatchRunStatus } from './matching.enums.ts';

@ObjectType({
  implements: Node,
  description: 'One run of the matching over a region: its inputs, progress, metrics and proposals.',
})
@Entity('match_run')
export class MatchRun implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Field(() => Boolean, { description: 'A dry run proposes nothing to coordinators and changes no need.' })
  @Column('boolean', { name: 'dry_run' })
  dryRun: boolean;

  @Field(() => MatchRunStatus)
  @Column('enum', { enum: MatchRunStatus, enumName: 'match_run_status' })
  status: MatchRunStatus;

  @Field(() => Float, { description: '0 to 1.' })
  @Column('real')
  progress: number;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'progress_message', nullable: true })
  progressMessage: string | null;

  @Column('jsonb', { nullable: true })
  policy: unknown;

  @Field(() => String, { nullable: true, description: "sha256 of the engine's input: equal hashes, equal proposals." })
  @Column('text', { name: 'input_hash', nullable: true })
  inputHash: string | null;

  @Column('jsonb', { nullable: true })
  metrics: MatchMetrics | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  error: string | null;

  @Field(() => String)
  @Column('text', { name: 'requested_by' })
  requestedBy: string;

  /** Set when the run re-solves only the part of its region one need touches (see `focusNeed`). */
  @Column('uuid', { name: 'focus_need_id', nullable: true })
  focusNeedId: string | null;

  /** Queued from the API: waiting for a worker to give it a pg-boss job. */
  @Column('boolean', { name: 'awaiting_job', default: false })
  awaitingJob: boolean;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  @Field(() => Date, {
    description:
      'While queued or running: the run is live until this time, and its process renews it as it works. A run whose lease lapsed is failed as abandoned.',
  })
  @Column('timestamptz', { name: 'lease_until' })
  leaseUntil: Date;

  get nodeType(): string {
    return 'MatchRun';
  }

  get globalId(): string {
    return toGlobalId('MatchRun', this.id);
  }
}
