import { Helper } from '../helper/helper.entity.ts';
import { Need } from '../need/need.entity.ts';
import { MatchRun } from './match-run.entity.ts';
import { MatchTier, RunnerUpReason, UnmetEscalation, UnmetReason } from './matching.enums.ts';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'What a proposal costs, part by part (lower is better).' })
export class ProposalCost {
  @Field(() => Float, { description: "The ring's weight from the county's policy." }) tier: number;
  @Field(() => Float) distance: number;
  @Field(() => Float, { description: 'Negative: a bonus for the helper who already serves this elder.' })
  continuity: number;
  @Field(() => Float, { description: 'Negative: a bonus when the elder asked for this helper.' }) preference: number;
  @Field(() => Float, {
    description:
      "The helper's record (visits done and the elders' stars over 90 days, supervision inspections over 180): negative when better than usual, 0 without history.",
  })
  reliability: number;
  @Field(() => Float, { description: "Marginal workload penalty at the helper's projected load." }) workload: number;
  @Field(() => Float) total: number;
}

@ObjectType({ description: 'A helper who came next, and why they were not chosen.' })
export class RunnerUp {
  @Field(() => Helper, { nullable: true, description: 'Null when outside your region.' }) helper: Helper | null;
  @Field(() => MatchTier, { nullable: true }) tier: MatchTier | null;
  @Field(() => RunnerUpReason, {
    description:
      'CAPACITY_FULL: full before this run; TAKEN_IN_THIS_RUN: this run gave their room to another elder (see takenFor).',
  })
  reason: RunnerUpReason;
  @Field(() => Float, {
    nullable: true,
    description:
      "What they would have cost, their workload at this run's load included: comparable with the chosen cost's total.",
  })
  cost: number | null;
  @Field(() => Need, {
    nullable: true,
    description: 'For TAKEN_IN_THIS_RUN: the need they were given instead (null outside your region).',
  })
  takenFor: Need | null;
}

@ObjectType({ description: 'Why this helper: the ring, the cost parts and who came next.' })
export class ProposalExplanation {
  @Field(() => MatchTier) tier: MatchTier;
  @Field(() => ProposalCost) cost: ProposalCost;
  @Field(() => [RunnerUp]) runnersUp: RunnerUp[];
  @Field(() => String, {
    description:
      'In plain Chinese, for a village cadre: who comes, what they are to the elder, their load, and why not each runner-up. No cost numbers.',
  })
  summary: string;
  @Field(() => String, { description: 'The same sentence in English.' }) summaryEn: string;
}

@ObjectType({ description: 'A need the run could not fully serve, and where it went.' })
export class UnmetNeed {
  @Field(() => Need) need: Need;
  @Field(() => Int, { description: 'Helpers still missing.' }) missing: number;
  @Field(() => UnmetReason) reason: UnmetReason;
  @Field(() => UnmetEscalation) escalation: UnmetEscalation;
  @Field(() => MatchRun) run: MatchRun;
}

@ObjectType({ description: 'What a run measured.' })
export class MatchRunMetrics {
  @Field(() => Int) needs: number;
  @Field(() => Int) helpers: number;
  @Field(() => Int, { description: 'Candidate assignments in the model.' }) arcs: number;
  @Field(() => Int, { description: 'Independent parts the model was split into.' }) components: number;
  @Field(() => Int) solveMs: number;
  @Field(() => Float) objective: number;
  @Field(() => Float, { description: 'LP relaxation bound.' }) lpBound: number;
  @Field(() => Float, { description: '(objective − bound) / objective.' }) gap: number;
  @Field(() => Float, { description: 'Share of wanted helpers found.' }) coverage: number;
  @Field(() => GraphQLJSONObject, { description: 'Coverage per priority band.' }) coverageByBand: Record<
    string,
    number
  >;
  @Field(() => GraphQLJSONObject, { description: 'Share of proposals per ring.' }) tierMix: Record<string, number>;
  @Field(() => Float) maxLoadShare: number;
  @Field(() => Float, { description: "Gini coefficient of helpers' load shares." }) loadGini: number;
  @Field(() => GraphQLJSONObject) unmetByReason: Record<string, number>;
}
