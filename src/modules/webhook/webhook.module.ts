import { defineModule } from '../../common/feature-module.ts';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './webhook.entity.ts';
import { webhookLoaders } from './webhook.loaders.ts';

export const webhookModule = defineModule({
  name: 'webhook',
  entities: [WebhookEndpoint, WebhookDelivery, WebhookAttempt],
  loaders: webhookLoaders,
  async schema() {
    const { WebhookEndpointResolver, WebhookDeliveryResolver } = await import('./webhook.resolver.ts');
    return { resolvers: [WebhookEndpointResolver, WebhookDeliveryResolver] };
  },
});
