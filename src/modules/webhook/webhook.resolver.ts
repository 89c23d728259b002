import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.ts';
import { PublicNeedEventType } from '../public-need/public-need.enums.ts';
import { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from './webhook.entity.ts';
import {
  RegisterWebhookEndpointInput,
  RegisterWebhookEndpointPayload,
  ReplayWebhookEventInput,
  ReplayWebhookEventPayload,
  UpdateWebhookEndpointInput,
  UpdateWebhookEndpointPayload,
} from './webhook.inputs.ts';
import { registerWebhookEndpoint, replayWebhookEvent, updateWebhookEndpoint } from './webhook.service.ts';

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @Query(() => [WebhookEndpoint], { description: 'Charities: your webhook endpoints.' })
  webhookEndpoints(@Ctx() ctx: Context): Promise<WebhookEndpoint[]> {
    const charity = ctx.viewer.requireCharity();
    return ctx.em.find(WebhookEndpoint, { where: { accountId: charity.accountId }, order: { createdAt: 'ASC' } });
  }

  @FieldResolver(() => [WebhookDelivery], { description: 'The delivery log, newest first.' })
  deliveries(
    @Root() endpoint: WebhookEndpoint,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('status', () => WebhookDeliveryStatus, { nullable: true }) status: WebhookDeliveryStatus | null,
    @Ctx() ctx: Context,
  ): Promise<WebhookDelivery[]> {
    return ctx.em.find(WebhookDelivery, {
      where: { endpointId: endpoint.id, ...(status ? { status } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: Math.min(Math.max(first, 1), 500),
    });
  }

  @Mutation(() => RegisterWebhookEndpointPayload, {
    description: 'Charities: add an endpoint; its signing secret is in this response only.',
  })
  registerWebhookEndpoint(
    @Arg('input', () => RegisterWebhookEndpointInput) input: RegisterWebhookEndpointInput,
    @Ctx() ctx: Context,
  ) {
    return registerWebhookEndpoint(ctx, input);
  }

  @Mutation(() => UpdateWebhookEndpointPayload)
  updateWebhookEndpoint(
    @Arg('input', () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput,
    @Ctx() ctx: Context,
  ) {
    return updateWebhookEndpoint(ctx, input);
  }

  @Mutation(() => ReplayWebhookEventPayload, { description: 'Charities: send one event to one endpoint again.' })
  replayWebhookEvent(@Arg('input', () => ReplayWebhookEventInput) input: ReplayWebhookEventInput, @Ctx() ctx: Context) {
    return replayWebhookEvent(ctx, input);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => ID)
  async eventId(@Root() delivery: WebhookDelivery, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.eventOfPosition.load(delivery.eventPosition))!.eventId;
  }

  @FieldResolver(() => PublicNeedEventType)
  async eventType(@Root() delivery: WebhookDelivery, @Ctx() ctx: Context): Promise<PublicNeedEventType> {
    return (await ctx.loaders.eventOfPosition.load(delivery.eventPosition))!.type;
  }

  @FieldResolver(() => [WebhookAttempt], { description: 'Every HTTP attempt, first first.' })
  attemptLog(@Root() delivery: WebhookDelivery, @Ctx() ctx: Context): Promise<WebhookAttempt[]> {
    return ctx.loaders.attemptsOf.load(delivery.id);
  }
}
