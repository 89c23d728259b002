import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';

@ObjectType('MediationPolicy', {
  description:
    "How fast the county's village mediation committees answer complaints (24小时响应制, paper 004). Defaults: 24 and 72 hours.",
})
export class MediationPolicyType {
  @Field(() => Float, {
    description: 'A complaint not acknowledged within these hours is escalated to its township.',
  })
  acknowledgeWithinHours: number;

  @Field(() => Float, { description: 'Hours from receipt within which a complaint should be resolved (SLA figures).' })
  resolveWithinHours: number;

  @Field(() => Boolean, { description: 'True while the county has not set its own.' })
  isDefault: boolean;
}

@InputType()
export class UpdateMediationPolicyInput extends MutationInput {
  @Field(() => ID)
  countyId: string;

  @Field(() => Float, { description: 'More than 0, at most 720; fractions allowed.' })
  acknowledgeWithinHours: number;

  @Field(() => Float, { description: 'At least acknowledgeWithinHours, at most 720.' })
  resolveWithinHours: number;
}

export const UpdateMediationPolicyPayload = PayloadType(
  'UpdateMediationPolicyPayload',
  'mediationPolicy',
  () => MediationPolicyType,
);
