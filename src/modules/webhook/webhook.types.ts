import { Field, ObjectType } from 'type-graphql';
import { WebhookEndpoint } from './webhook.entity.ts';

@ObjectType({ description: 'A registered endpoint with its signing secret, shown this once.' })
export class RegisteredWebhookEndpoint {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field(() => String, {
    nullable: true,
    description: 'The HMAC-SHA256 signing secret ("whsec_…"). Null on an idempotent replay.',
  })
  secret: string | null;
}
