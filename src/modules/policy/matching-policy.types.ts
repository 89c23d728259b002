import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MutationInput } from '../../common/mutation-input.ts';
import { UserError } from '../../common/user-error.ts';

export enum CoverageOrder {
  BANDS_FIRST = 'BANDS_FIRST',
  HEADCOUNT = 'HEADCOUNT',
}

registerEnumType(CoverageOrder, {
  name: 'CoverageOrder',
  description: 'How the matching decides whom to serve when capacity cannot reach everyone.',
  valuesConfig: {
    BANDS_FIRST: {
      description:
        'Band by band (urgent, high, medium, low): no higher-band need is left unmet where serving it instead of lower-band needs is feasible. The default.',
    },
    HEADCOUNT: {
      description:
        'The weighted unmet penalty alone (unmetBase + unmetPerPriority × priority): two low needs may outweigh one urgent.',
    },
  },
});

@ObjectType('TierCosts', { description: 'Cost of proposing a helper from each ring; nearer rings cost less.' })
export class TierCostsType {
  @Field(() => Float) KIN: number;
  @Field(() => Float, { description: '包帮: a party member or cadre paired with the elder.' }) CADRE: number;
  @Field(() => Float) NEIGHBOUR: number;
  @Field(() => Float) VILLAGE: number;
  @Field(() => Float) ORGANISATION: number;
}

@InputType()
export class TierCostsInput {
  @Field(() => Float) KIN: number;
  @Field(() => Float, { nullable: true, description: '3 when not given.' }) CADRE?: number | null;
  @Field(() => Float) NEIGHBOUR: number;
  @Field(() => Float) VILLAGE: number;
  @Field(() => Float) ORGANISATION: number;
}

@ObjectType('WorkloadPiece', { description: "Up to this share of a helper's week, each minute costs this much." })
export class WorkloadPieceType {
  @Field(() => Float) upToShare: number;
  @Field(() => Float) perMinute: number;
}

@InputType()
export class WorkloadPieceInput {
  @Field(() => Float) upToShare: number;
  @Field(() => Float) perMinute: number;
}

@ObjectType('MatchingPolicy', {
  description:
    "How a county weighs rings, workload, distance, continuity and the elder's word. Defaults and their sources: src/matching/policy.ts.",
})
export class MatchingPolicyType {
  @Field(() => TierCostsType) tierCost: TierCostsType;
  @Field(() => [WorkloadPieceType], { description: 'Convex: shares rise, costs never fall.' })
  workload: WorkloadPieceType[];
  @Field(() => Float) organisationPerMinute: number;
  @Field(() => Float) perKm: number;
  @Field(() => Float) continuityBonus: number;
  @Field(() => Float) preferenceBonus: number;
  @Field(() => Float, {
    description:
      "Weight of a helper's record over 90 days: weight × (0.9 − score), score the mean of visits done and the stars' share; 0 without history.",
  })
  reliabilityWeight: number;
  @Field(() => Float) unmetBase: number;
  @Field(() => Float) unmetPerPriority: number;
  @Field(() => Int) maxKinDegree: number;
  @Field(() => Int) maxCandidatesPerNeed: number;
  @Field(() => Float, { description: 'Cost of each distinct helper an elder with several needs gets.' })
  perHelperOfElder: number;
  @Field(() => CoverageOrder) coverage: `${CoverageOrder}`;
  @Field(() => Boolean) isDefault: boolean;
}

@InputType({ description: 'The whole policy at once.' })
export class UpdateMatchingPolicyInput extends MutationInput {
  @Field(() => ID) countyId: string;
  @Field(() => TierCostsInput) tierCost: TierCostsInput;
  @Field(() => [WorkloadPieceInput]) workload: WorkloadPieceInput[];
  @Field(() => Float) organisationPerMinute: number;
  @Field(() => Float) perKm: number;
  @Field(() => Float) continuityBonus: number;
  @Field(() => Float) preferenceBonus: number;
  @Field(() => Float) unmetBase: number;
  @Field(() => Float) unmetPerPriority: number;
  @Field(() => Int) maxKinDegree: number;
  @Field(() => Int) maxCandidatesPerNeed: number;
  @Field(() => Float, { nullable: true, description: '3 when not given.' })
  perHelperOfElder?: number | null;
  @Field(() => CoverageOrder, { nullable: true, description: 'BANDS_FIRST when not given.' })
  coverage?: CoverageOrder | null;
  @Field(() => Float, { nullable: true, description: '20 when not given.' })
  reliabilityWeight?: number | null;
}

@InputType({ description: "Back to the defaults of src/matching/policy.ts (the county's priority weights are kept)." })
export class ResetMatchingPolicyInput extends MutationInput {
  @Field(() => ID) countyId: string;
}

@ObjectType()
export class UpdateMatchingPolicyPayload {
  @Field(() => MatchingPolicyType, { nullable: true }) matchingPolicy: MatchingPolicyType | null;
  @Field(() => [UserError]) errors: UserError[];
}
