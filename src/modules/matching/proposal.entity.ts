import type { HelperReliability } from '../../matching/types.ts';
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SensitiveField } from '../../auth/sensitive.ts';
import { toGlobalId } from '../../common/global-id.ts';
import { Node } from '../node/node.type.ts';
import { MatchTier, ProposalStatus } from './matching.enums.ts';

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
  runnersUp: { helperId: string; tier: string | null; reason: string; cost: number | null; takenFor?: string }[];

  @Field(() => Boolean, {
    description: 'Placed by the safety net (兜底): an organisation took what the rings left unmet.',
  })
  @Column('boolean', { name: 'safety_net' })
  safetyNet: boolean;

  @Field(() => Boolean, { description: 'The elder (or their proxy) asked for this helper (老人本人选择).' })
  @Column('boolean', { name: 'elder_choice', default: false })
  elderChoice: boolean;

  /** The helper's record as the run weighed it (null: a proposal from before runs kept it). */
  @Column('jsonb', { name: 'helper_record', nullable: true })
  helperRecord: { record: HelperReliability | null } | null;

  @Field(() => Boolean, { description: 'A safety-net organisation that comes outside its usual hours for this need.' })
  @Column('boolean', { name: 'outside_hours', default: false })
  outsideHours: boolean;

  @Field(() => ProposalStatus)
  @Column('enum', { enum: ProposalStatus, enumName: 'proposal_status' })
  status: ProposalStatus;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @SensitiveField(
    () => String,
    'HEALTH',
    "What the coordinator wrote when deciding; may name the elder's circumstances.",
  )
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
