import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { SensitiveField } from '../../auth/sensitive.ts';
import { toGlobalId } from '../../common/global-id.ts';
import type { MatchMetrics } from '../../matching/types.ts';
import { Node } from '../node/node.type.ts';

export enum MatchRunStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

export enum ProposalStatus {
  PROPOSED = 'PROPOSED',
  CONFIRMED = 'CONFIRMED',
  REJECTED = 'REJECTED',
  REASSIGNED = 'REASSIGNED',
  SUPERSEDED = 'SUPERSEDED',
}

export enum MatchTier {
  KIN = 'KIN',
  NEIGHBOUR = 'NEIGHBOUR',
  VILLAGE = 'VILLAGE',
  ORGANISATION = 'ORGANISATION',
}

registerEnumType(MatchRunStatus, { name: 'MatchRunStatus' });
registerEnumType(ProposalStatus, {
  name: 'ProposalStatus',
  valuesConfig: {
    PROPOSED: { description: 'Waiting for a coordinator' },
    CONFIRMED: { description: 'Confirmed: a standing assignment now counts as the helper\'s load' },
    REJECTED: { description: 'Rejected by a coordinator, with a reason' },
    REASSIGNED: { description: 'Replaced by a coordinator\'s own choice of helper' },
    SUPERSEDED: { description: 'Replaced by a later run before anyone decided' },
  },
});
registerEnumType(MatchTier, {
  name: 'MatchTier',
  description: 'The ring of the differential order (差序格局) a proposal comes from.',
  valuesConfig: {
    KIN: { description: '亲缘 kin (degree ≤ 3) or spouse' },
    NEIGHBOUR: { description: '地缘 same villager group, or a neighbour or friend tie' },
    VILLAGE: { description: '乡缘 fellow villager' },
    ORGANISATION: { description: '业缘/事缘 an organisation serving the region: the safety net (兜底)' },
  },
});

@ObjectType({ implements: Node, description: 'One run of the matching over a region: its inputs, progress, metrics and proposals.' })
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

  @Field(() => String, { nullable: true, description: 'sha256 of the engine\'s input: equal hashes, equal proposals.' })
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
    description: 'While queued or running: the run is live until this time, and its process renews it as it works. A run whose lease lapsed is failed as abandoned.',
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

@ObjectType({ implements: Node, description: 'A proposed helper for a need, with why.' })
@Entity('match_proposal')
export class MatchProposal implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'run_id' })
  runId: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Column('uuid', { name: 'need_id' })
  needId: string;

  @Column('uuid', { name: 'helper_id' })
  helperId: string;

  @Field(() => MatchTier)
  @Column('enum', { enum: MatchTier, enumName: 'match_tier' })
  tier: MatchTier;

  @Column('jsonb')
  cost: Record<string, number>;

  @Column('jsonb', { name: 'runners_up' })
  runnersUp: { helperId: string; tier: string | null; reason: string; cost: number | null }[];

  @Field(() => Boolean, { description: 'Placed by the safety net with an organisation outside its usual hours.' })
  @Column('boolean', { name: 'safety_net' })
  safetyNet: boolean;

  @Field(() => ProposalStatus)
  @Column('enum', { enum: ProposalStatus, enumName: 'proposal_status' })
  status: ProposalStatus;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @SensitiveField(() => String, 'HEALTH', 'What the coordinator wrote when deciding; may name the elder\'s circumstances.')
  @Column('text', { name: 'decision_reason', nullable: true })
  decisionReason: string | null;

  @Column('uuid', { name: 'assignment_id', nullable: true })
  assignmentId: string | null;

  get nodeType(): string {
    return 'Proposal';
  }

  get globalId(): string {
    return toGlobalId('Proposal', this.id);
  }
}

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
  status: 'ACTIVE' | 'RELEASED';

  @Column('timestamptz', { name: 'started_at', default: () => 'now()' })
  startedAt: Date;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt: Date | null;

  @Column('text', { name: 'created_by' })
  createdBy: string;
}
