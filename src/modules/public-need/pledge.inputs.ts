import { IsOptional, MaxLength, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';
import { CharityPledge } from './pledge.entity.ts';

@InputType({ description: "Offers the charity's help for one public need." })
export class PledgeSupportInput extends MutationInput {
  @Field(() => ID, { description: 'The public need ("pn_…").' })
  publicNeedId: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Minutes a week the charity commits; defaults to what the need takes.',
  })
  @IsOptional()
  @Min(1)
  @Max(100800)
  weeklyMinutes?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'For the coordinator (who will come, how to reach the charity). No more than 500 characters.',
  })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType()
export class WithdrawPledgeInput extends MutationInput {
  @Field(() => ID)
  id: string;
}

export const PledgeSupportPayload = PayloadType('PledgeSupportPayload', 'pledge', () => CharityPledge);
export const WithdrawPledgePayload = PayloadType('WithdrawPledgePayload', 'pledge', () => CharityPledge);
