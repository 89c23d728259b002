import { registerLabelledEnum } from '../../common/labels.ts';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MutationInput } from '../../common/mutation-input.ts';
import { UserError } from '../../common/user-error.ts';
import { PriorityBand } from './priority.ts';

registerLabelledEnum(
  PriorityBand,
  'PriorityBand',
  "Urgency of a need, cut from its priority score by the county's bands.",
  {
    URGENT: ['紧急', 'urgent'],
    HIGH: ['较急', 'high'],
    MEDIUM: ['一般', 'medium'],
    LOW: ['不急', 'low'],
  },
);

@ObjectType()
export class SelfCareWeights {
  @Field(() => Float) INDEPENDENT: number;
  @Field(() => Float) PARTIAL: number;
  @Field(() => Float) DEPENDENT: number;
}

@ObjectType()
export class PriorityBands {
  @Field(() => Float, { description: 'Score from which a need is URGENT.' }) urgent: number;
  @Field(() => Float, { description: 'Score from which a need is HIGH.' }) high: number;
  @Field(() => Float, { description: 'Score from which a need is MEDIUM; below it, LOW.' }) medium: number;
}

@ObjectType('PriorityWeights', { description: "Points that make up a need's priority score, per county." })
export class PriorityWeightsType {
  @Field(() => SelfCareWeights) selfCare: SelfCareWeights;
  @Field(() => Float) livesAlone: number;
  @Field(() => Float) bottomLineHousehold: number;
  @Field(() => Float) disability: number;
  @Field(() => Float, { description: 'Added from age 80.' }) aged80: number;
  @Field(() => Float) perUnmetDay: number;
  @Field(() => Int) unmetDaysCap: number;
  @Field(() => PriorityBands) bands: PriorityBands;
  @Field(() => Boolean, { description: 'True while the county uses the documented defaults.' }) isDefault: boolean;
}

@InputType()
export class SelfCareWeightsInput {
  @Field(() => Float) INDEPENDENT: number;
  @Field(() => Float) PARTIAL: number;
  @Field(() => Float) DEPENDENT: number;
}

@InputType()
export class PriorityBandsInput {
  @Field(() => Float) urgent: number;
  @Field(() => Float) high: number;
  @Field(() => Float) medium: number;
}

@InputType({ description: 'All weights at once; see PriorityWeights.' })
export class UpdatePriorityWeightsInput extends MutationInput {
  @Field(() => ID) countyId: string;
  @Field(() => SelfCareWeightsInput) selfCare: SelfCareWeightsInput;
  @Field(() => Float) livesAlone: number;
  @Field(() => Float) bottomLineHousehold: number;
  @Field(() => Float) disability: number;
  @Field(() => Float) aged80: number;
  @Field(() => Float) perUnmetDay: number;
  @Field(() => Int) unmetDaysCap: number;
  @Field(() => PriorityBandsInput) bands: PriorityBandsInput;
}

@ObjectType()
export class UpdatePriorityWeightsPayload {
  @Field(() => PriorityWeightsType, { nullable: true }) priorityWeights: PriorityWeightsType | null;
  @Field(() => [UserError]) errors: UserError[];
}

@ObjectType('PriorityPart', { description: 'One factor of a priority score.' })
export class PriorityPartType {
  @Field(() => String, { description: 'e.g. selfCare:DEPENDENT, livesAlone, daysUnmet.' }) factor: string;
  @Field(() => Float) points: number;
}
