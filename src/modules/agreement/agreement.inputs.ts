import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';
import { Person } from '../person/person.entity.ts';
import { CareAgreement } from './agreement.entity.ts';
import {
  AgreementEnder,
  AgreementParty,
  AgreementStatus,
  CareDuty,
  CareMode,
  SignatureChannel,
} from './agreement.enums.ts';

@InputType()
export class AgreementDutyInput {
  @Field(() => CareDuty)
  duty: CareDuty;

  @Field(() => String, { description: 'What was agreed; 1–1000 characters.' })
  @Length(1, 1000, { message: 'text must be between 1 and 1000 characters' })
  text: string;
}

@InputType()
export class CreateCareAgreementInput extends MutationInput {
  @Field(() => ID)
  elderId: string;

  @Field(() => ID, { description: 'A villager helper (with their household) or an organisation.' })
  helperId: string;

  @Field(() => [ID], {
    description:
      "The elder's needs it covers (1–20): each served by this helper already (a confirmed proposal) or OPEN, for care the family arranged without a match run.",
  })
  @ArrayMinSize(1, { message: 'needIds must name at least one need' })
  @ArrayMaxSize(20, { message: 'needIds may name at most 20 needs' })
  needIds: string[];

  @Field(() => ID, { nullable: true, description: 'The proxy or guardian who speaks for the elder, if one acts.' })
  proxyId?: string | null;

  @Field(() => CareMode, {
    nullable: true,
    description:
      "Default: from the match's tier (kin → KIN, cadre → CADRE_PAIRING, neighbour and village → NEIGHBOUR, an organisation → CHARITY_HOME or MEDICAL_CENTRE by its kind), or from the tie for care arranged directly.",
  })
  careMode?: CareMode | null;

  @Field(() => [AgreementDutyInput], { description: 'One entry per duty (1–4), each with what was agreed.' })
  @ArrayMinSize(1, { message: 'duties must name at least one duty' })
  @ArrayMaxSize(4, { message: 'duties may name each of the four duties once' })
  @ValidateNested({ each: true })
  duties: AgreementDutyInput[];

  @Field(() => GraphQLLocalDate)
  startDate: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Null: open-ended.' })
  endDate?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  reviewDate?: string | null;
}

@InputType()
export class SignCareAgreementInput extends MutationInput {
  @Field(() => ID)
  agreementId: string;

  @Field(() => AgreementParty)
  party: AgreementParty;

  @Field(() => SignatureChannel, {
    defaultValue: SignatureChannel.APP,
    description:
      "APP: the party signs themself (the witness: a coordinator of the village). PAPER and THUMBPRINT: an officer of the region records it, with the scan's reference (PAPER) or the witness's name (THUMBPRINT).",
  })
  signatureChannel: SignatureChannel;

  @Field(() => String, {
    nullable: true,
    description: 'Reference to the scan of the signed paper (required for PAPER).',
  })
  @IsOptional()
  @Length(1, 200, { message: 'scanRef must be between 1 and 200 characters' })
  scanRef?: string | null;

  @Field(() => String, { nullable: true, description: 'Who witnessed the thumbprint (required for THUMBPRINT).' })
  @IsOptional()
  @Length(1, 100, { message: 'witnessName must be between 1 and 100 characters' })
  witnessName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The name signed for the witness party (the committee member); the others sign with their own names.',
  })
  @IsOptional()
  @Length(1, 100, { message: 'signerName must be between 1 and 100 characters' })
  signerName?: string | null;
}

@InputType()
export class ChangeCareAgreementInput extends MutationInput {
  @Field(() => ID)
  agreementId: string;

  @Field(() => String)
  @Length(1, 500, { message: 'reason must be between 1 and 500 characters' })
  reason: string;
}

@InputType()
export class EndCareAgreementInput extends ChangeCareAgreementInput {
  @Field(() => AgreementEnder, {
    description: 'ELDER (or the proxy): at once. HELPER: after noticeDays. COORDINATOR: at once.',
  })
  endedBy: AgreementEnder;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'The elder does not want this helper proposed again until they allow it (ELDER only).',
  })
  excludeHelper: boolean;

  @Field(() => Int, { defaultValue: 14, description: "The helper's notice, in days (0–90)." })
  @Min(0, { message: 'noticeDays must be between 0 and 90' })
  @Max(90, { message: 'noticeDays must be between 0 and 90' })
  noticeDays: number;
}

@InputType()
export class AllowHelperAgainInput extends MutationInput {
  @Field(() => ID)
  elderId: string;

  @Field(() => ID)
  helperId: string;
}

@ArgsType()
export class CareAgreementsArgs extends PageArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Agreements of elders in this subtree; your own scope when omitted.',
  })
  regionId?: string | null;

  @Field(() => [AgreementStatus], { nullable: true })
  status?: AgreementStatus[] | null;

  @Field(() => ID, { nullable: true, description: "Only this elder's agreements." })
  elderId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only this helper's agreements." })
  helperId?: string | null;
}

export const CreateCareAgreementPayload = PayloadType('CreateCareAgreementPayload', 'agreement', () => CareAgreement);
export const SignCareAgreementPayload = PayloadType('SignCareAgreementPayload', 'agreement', () => CareAgreement);
export const ChangeCareAgreementPayload = PayloadType('ChangeCareAgreementPayload', 'agreement', () => CareAgreement);
export const AllowHelperAgainPayload = PayloadType('AllowHelperAgainPayload', 'elder', () => Person);
