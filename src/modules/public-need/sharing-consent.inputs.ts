import { IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';
import { SharingConsent } from './sharing-consent.entity.ts';

@InputType({
  description: 'Records that an elder, or their proxy, gave or withdrew consent to share their needs with charities.',
})
export class SetSharingConsentInput extends MutationInput {
  @Field(() => ID)
  elderId: string;

  @Field(() => Boolean, { description: 'true gives consent; false withdraws it (their needs leave the feed at once).' })
  consent: boolean;

  @Field(() => ID, {
    nullable: true,
    description:
      'Who gave it: the elder (default) or a proxy tied to them. A FAMILY_PROXY token defaults to its own person.',
  })
  @IsOptional()
  givenById?: string | null;
}

export const SetSharingConsentPayload = PayloadType('SetSharingConsentPayload', 'sharingConsent', () => SharingConsent);
