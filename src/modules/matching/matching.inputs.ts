import { IsOptional, Length } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';
import { UserError } from '../../common/user-error.ts';
import { Helper } from '../helper/helper.entity.ts';
import { Need } from '../need/need.entity.ts';
import { MatchRun } from './match-run.entity.ts';
import { MatchTier, ProposalStatus } from './matching.enums.ts';
import { MatchProposal } from './proposal.entity.ts';

@InputType()
export class StartMatchRunInput extends MutationInput {
  @Field(() => ID, { description: 'A village, township or county.' })
  regionId: string;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Compute and record proposals without offering them or changing any need.',
  })
  dryRun: boolean;
}

@InputType()
export class DecideProposalInput extends MutationInput {
  @Field(() => ID)
  proposalId: string;

  @Field(() => String, { nullable: true, description: 'Why; required to reject.' })
  @IsOptional()
  @Length(1, 500)
  reason?: string | null;
}

@InputType()
export class ReassignProposalInput extends MutationInput {
  @Field(() => ID)
  proposalId: string;

  @Field(() => ID, { description: 'The helper the coordinator chooses instead.' })
  helperId: string;

  @Field(() => String)
  @Length(1, 500, { message: 'reason must be between 1 and 500 characters' })
  reason: string;
}

@InputType()
export class ReleaseAssignmentInput extends MutationInput {
  @Field(() => ID)
  needId: string;

  @Field(() => ID)
  helperId: string;

  @Field(() => String)
  @Length(1, 500, { message: 'reason must be between 1 and 500 characters' })
  reason: string;
}

@ArgsType()
export class ProposalsArgs extends PageArgs {
  @Field(() => ID)
  runId: string;

  @Field(() => ProposalStatus, { nullable: true })
  status?: ProposalStatus | null;

  @Field(() => MatchTier, { nullable: true })
  tier?: MatchTier | null;
}

@ArgsType()
export class MatchRunsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Runs over this region or inside it; defaults to your scope.' })
  regionId?: string | null;
}

@ObjectType({ description: 'What a proposal costs, part by part (lower is better).' })
export class ProposalCost {
  @Field(() => Float, { description: "The ring's weight from the county's policy." }) tier: number;
  @Field(() => Float) distance: number;
  @Field(() => Float, { description: 'Negative: a bonus for the helper who already serves this elder.' })
  continuity: number;
  @Field(() => Float, { description: 'Negative: a bonus when the elder asked for this helper.' }) preference: number;
  @Field(() => Float, { description: "Marginal workload penalty at the helper's projected load." }) workload: number;
  @Field(() => Float) total: number;
}

@ObjectType({ description: 'A helper who came next, and why they were not chosen.' })
export class RunnerUp {
  @Field(() => Helper, { nullable: true, description: 'Null when outside your region.' }) helper: Helper | null;
  @Field(() => MatchTier, { nullable: true }) tier: MatchTier | null;
  @Field(() => String, {
    description: 'FARTHER_RING, HIGHER_COST, CAPACITY_FULL, WINDOW, CERTIFICATE, DISTANCE, REFUSED or UNAVAILABLE.',
  })
  reason: string;
  @Field(() => Float, { nullable: true }) cost: number | null;
}

@ObjectType({ description: 'Why this helper: the ring, the cost parts and who came next.' })
export class ProposalExplanation {
  @Field(() => MatchTier) tier: MatchTier;
  @Field(() => ProposalCost) cost: ProposalCost;
  @Field(() => [RunnerUp]) runnersUp: RunnerUp[];
  @Field(() => String, { description: 'One sentence for a coordinator.' }) summary: string;
}

@ObjectType({ description: 'A need the run could not fully serve, and where it went.' })
export class UnmetNeed {
  @Field(() => Need) need: Need;
  @Field(() => Int, { description: 'Helpers still missing.' }) missing: number;
  @Field(() => String, {
    description: 'NO_CANDIDATE, NO_CAPACITY, CERTIFICATE, WINDOW, DISTANCE, REFUSED or UNAVAILABLE.',
  })
  reason: string;
  @Field(() => String, {
    description: 'ORGANISATION_RING (the safety net proposed an organisation) or COORDINATOR_QUEUE.',
  })
  escalation: string;
  @Field(() => MatchRun) run: MatchRun;
}

export const StartMatchRunPayload = PayloadType('StartMatchRunPayload', 'run', () => MatchRun);
export const ConfirmProposalPayload = PayloadType('ConfirmProposalPayload', 'proposal', () => MatchProposal);
export const RejectProposalPayload = PayloadType('RejectProposalPayload', 'proposal', () => MatchProposal);
export const ReassignProposalPayload = PayloadType('ReassignProposalPayload', 'proposal', () => MatchProposal);
export const ReleaseAssignmentPayload = PayloadType('ReleaseAssignmentPayload', 'need', () => Need);

export interface PayloadShape<T> {
  result: T | null;
  errors: UserError[];
}
