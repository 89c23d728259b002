import { ArrayMaxSize, ArrayMinSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';
import { PublicNeedEventType } from '../public-need/public-need.enums.ts';
import { WebhookDelivery, WebhookEndpoint } from './webhook.entity.ts';
import { RegisteredWebhookEndpoint } from './webhook.types.ts';

@InputType({
  description: 'Registers an HTTPS endpoint to receive the feed (http://localhost too, outside production).',
})
export class RegisterWebhookEndpointInput extends MutationInput {
  @Field(() => String)
  @MaxLength(2000)
  url: string;

  @Field(() => [PublicNeedEventType], {
    defaultValue: [PublicNeedEventType.NEED_PUBLISHED, PublicNeedEventType.NEED_UPDATED],
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  eventTypes: PublicNeedEventType[];
}

@InputType({ description: 'Changes an endpoint, or turns it off and on. Omitted fields stay as they are.' })
export class UpdateWebhookEndpointInput extends MutationInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  url?: string | null;

  @Field(() => [PublicNeedEventType], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  eventTypes?: PublicNeedEventType[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'false disables it; true enables it again (also after an automatic disable).',
  })
  @IsOptional()
  enabled?: boolean | null;
}

@InputType({ description: 'Sends one event to one endpoint again, as a new delivery.' })
export class ReplayWebhookEventInput extends MutationInput {
  @Field(() => ID)
  endpointId: string;

  @Field(() => ID, { description: 'The event\'s id (the eventId of a PublicNeedEvent, the "id" of a webhook body).' })
  eventId: string;
}

export const RegisterWebhookEndpointPayload = PayloadType(
  'RegisterWebhookEndpointPayload',
  'registered',
  () => RegisteredWebhookEndpoint,
);
export const UpdateWebhookEndpointPayload = PayloadType(
  'UpdateWebhookEndpointPayload',
  'endpoint',
  () => WebhookEndpoint,
);
export const ReplayWebhookEventPayload = PayloadType('ReplayWebhookEventPayload', 'delivery', () => WebhookDelivery);
