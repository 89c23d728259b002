import { MatchRunStatus } from './matching.enums.ts';
import { IsOptional, Length } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';
import { UserError } from '../../common/user-error.ts';
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

  @Field(() => ID, {
    nullable: true,
    description:
      "Re-solve only the part of the region's matching this need touches (its component: the needs sharing villagers who could serve them), in seconds; other needs' proposals stay as they are.",
  })
  needId?: string | null;
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
  @Field(() => ID, { nullable: true, description: "One run's proposals; all runs in your scope when omitted." })
  runId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only proposals for this need.' })
  needId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only proposals for this elder's needs." })
  elderId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only proposals of this helper.' })
  helperId?: string | null;

  @Field(() => ProposalStatus, { nullable: true })
  status?: ProposalStatus | null;

  @Field(() => MatchTier, { nullable: true })
  tier?: MatchTier | null;
}

@ArgsType()
export class MatchRunsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Runs over this region or inside it; defaults to your scope.' })
  regionId?: string | null;

  @Field(() => [MatchRunStatus], { nullable: true, description: 'Only runs in one of these statuses.' })
  status?: MatchRunStatus[] | null;
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
