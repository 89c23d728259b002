import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';
import { ServiceType } from '../catalogue/service-type.enum.ts';
import { ApiAccount, ApiKey } from './api-account.entity.ts';
import { IssuedApiKey } from './api-account.types.ts';

@InputType({
  description: 'Opens an API account for a charity (an organisation) with the scope of the feed it receives.',
})
export class CreateApiAccountInput extends MutationInput {
  @Field(() => ID)
  organisationId: string;

  @Field(() => [ID], {
    description: 'Regions (county, townships or villages) whose shared needs it sees, subtrees included.',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  regionIds: string[];

  @Field(() => [ServiceType])
  @ArrayMinSize(1)
  @ArrayMaxSize(11)
  serviceTypes: ServiceType[];

  @Field(() => Int, { defaultValue: 120 })
  @Min(1)
  @Max(100000)
  requestsPerMinute: number;
}

@InputType({ description: "Changes an account's scope or limit, or suspends it. Omitted fields stay as they are." })
export class UpdateApiAccountInput extends MutationInput {
  @Field(() => ID)
  id: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  regionIds?: string[] | null;

  @Field(() => [ServiceType], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(11)
  serviceTypes?: ServiceType[] | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(100000)
  requestsPerMinute?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'true suspends every key of the account; false lifts it.' })
  @IsOptional()
  suspended?: boolean | null;
}

@InputType()
export class CreateApiKeyInput extends MutationInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => String, { nullable: true, description: 'What the key is for, e.g. "webhook server".' })
  @IsOptional()
  @MaxLength(80)
  label?: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it stops working; none by default.' })
  @IsOptional()
  expiresAt?: Date | null;
}

@InputType({
  description: 'Issues a new key and lets the old one work for an overlap, so clients can switch without downtime.',
})
export class RotateApiKeyInput extends MutationInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { defaultValue: 24, description: 'Hours the old key keeps working, 0–720.' })
  @Min(0)
  @Max(720)
  overlapHours: number;
}

@InputType()
export class RevokeApiKeyInput extends MutationInput {
  @Field(() => ID)
  id: string;
}

export const CreateApiAccountPayload = PayloadType('CreateApiAccountPayload', 'apiAccount', () => ApiAccount);
export const UpdateApiAccountPayload = PayloadType('UpdateApiAccountPayload', 'apiAccount', () => ApiAccount);
export const IssueApiKeyPayload = PayloadType('IssueApiKeyPayload', 'issuedKey', () => IssuedApiKey);
export const RevokeApiKeyPayload = PayloadType('RevokeApiKeyPayload', 'apiKey', () => ApiKey);
