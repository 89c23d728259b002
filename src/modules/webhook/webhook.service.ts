import crypto from 'node:crypto';
import { Role } from '../../auth/role.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { PUBLIC_NEED_CHANNEL } from '../public-need/public-need.publish.ts';
import { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEndpointStatus } from './webhook.entity.ts';
import type {
  RegisterWebhookEndpointInput,
  ReplayWebhookEventInput,
  UpdateWebhookEndpointInput,
} from './webhook.inputs.ts';
import type { RegisteredWebhookEndpoint } from './webhook.types.ts';
import { newWebhookSecret } from './webhook.signature.ts';
import { webhookUrlProblem } from './webhook.url.ts';

const MAX_ENDPOINTS = 10;

function checkUrl(ctx: Context, url: string, problems: Problems): void {
  const problem = webhookUrlProblem(url.trim(), ctx.config.production);
  if (problem) problems.add('url', UserErrorCode.INVALID, `url ${problem}`);
}

async function ownEndpoint(
  ctx: Context,
  globalId: string,
  field: string,
  problems: Problems,
): Promise<WebhookEndpoint | undefined> {
  const charity = ctx.viewer.requireCharity();
  const id = idOfType(globalId, 'WebhookEndpoint');
  const endpoint = id ? await ctx.em.findOneBy(WebhookEndpoint, { id, accountId: charity.accountId }) : null;
  if (!endpoint) problems.add(field, UserErrorCode.NOT_FOUND, 'No webhook endpoint of yours has this id');
  return endpoint ?? undefined;
}

export function registerWebhookEndpoint(
  ctx: Context,
  input: RegisterWebhookEndpointInput,
): Promise<MutationResult<RegisteredWebhookEndpoint>> {
  return runMutation<RegisteredWebhookEndpoint>(ctx, {
    action: 'registerWebhookEndpoint',
    input,
    roles: [Role.CHARITY],
    reload: async (id) => {
      const endpoint = await ctx.em.findOneBy(WebhookEndpoint, { id });
      return endpoint ? { endpoint, secret: null } : undefined;
    },
    check: async (problems) => {
      const charity = ctx.viewer.requireCharity();
      checkUrl(ctx, input.url, problems);
      if ((await ctx.em.countBy(WebhookEndpoint, { accountId: charity.accountId })) >= MAX_ENDPOINTS) {
        problems.add('url', UserErrorCode.OUT_OF_RANGE, `At most ${MAX_ENDPOINTS} endpoints per account`);
      }
      if (problems.any) return undefined;
      return async () => {
        const id = crypto.randomUUID();
        const secret = newWebhookSecret();
        await ctx.em.insert(WebhookEndpoint, {
          id,
          accountId: charity.accountId,
          url: input.url.trim(),
          secret,
          eventTypes: [...new Set(input.eventTypes)],
          status: WebhookEndpointStatus.ACTIVE,
          createdBy: ctx.viewer.subject,
        });
        const endpoint = await ctx.em.findOneByOrFail(WebhookEndpoint, { id });
        return {
          result: { endpoint, secret },
          entityType: 'WebhookEndpoint',
          entityId: id,
          countyId: charity.countyId,
          changedFields: ['url', 'eventTypes'],
        };
      };
    },
  });
}

export function updateWebhookEndpoint(
  ctx: Context,
  input: UpdateWebhookEndpointInput,
): Promise<MutationResult<WebhookEndpoint>> {
  return runMutation(ctx, {
    action: 'updateWebhookEndpoint',
    input,
    roles: [Role.CHARITY],
    reload: (id) => ctx.em.findOneBy(WebhookEndpoint, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const endpoint = await ownEndpoint(ctx, input.id, 'id', problems);
      if (input.url != null) checkUrl(ctx, input.url, problems);
      if (problems.any || !endpoint) return undefined;
      return async () => {
        const enable = input.enabled === true && endpoint.status === WebhookEndpointStatus.DISABLED;
        const disable = input.enabled === false && endpoint.status === WebhookEndpointStatus.ACTIVE;
        await ctx.em.update(
          WebhookEndpoint,
          { id: endpoint.id },
          {
            ...(input.url != null ? { url: input.url.trim() } : {}),
            ...(input.eventTypes ? { eventTypes: [...new Set(input.eventTypes)] } : {}),
            ...(enable ? { status: WebhookEndpointStatus.ACTIVE, disabledAt: null, disabledReason: null } : {}),
            ...(disable
              ? {
                  status: WebhookEndpointStatus.DISABLED,
                  disabledAt: new Date(),
                  disabledReason: `Disabled by ${ctx.viewer.subject}`,
                }
              : {}),
          },
        );
        const updated = await ctx.em.findOneByOrFail(WebhookEndpoint, { id: endpoint.id });
        const changed = ['url', 'eventTypes', 'enabled'].filter(
          (key) => (input as unknown as Record<string, unknown>)[key] != null,
        );
        return {
          result: updated,
          entityType: 'WebhookEndpoint',
          entityId: endpoint.id,
          countyId: ctx.viewer.requireCharity().countyId,
          changedFields: changed,
        };
      };
    },
  });
}

/**
 * Sends an event to an endpoint again as a new delivery (the receiver dedupes by event id).
 * Only events the account may see now: the scope rule is checked again, so a narrowed scope
 * cannot be worked around by replaying.
 */
export function replayWebhookEvent(
  ctx: Context,
  input: ReplayWebhookEventInput,
): Promise<MutationResult<WebhookDelivery>> {
  return runMutation(ctx, {
    action: 'replayWebhookEvent',
    input,
    roles: [Role.CHARITY],
    reload: (id) => ctx.em.findOneBy(WebhookDelivery, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const charity = ctx.viewer.requireCharity();
      const endpoint = await ownEndpoint(ctx, input.endpointId, 'endpointId', problems);
      if (endpoint && endpoint.status !== WebhookEndpointStatus.ACTIVE) {
        problems.add('endpointId', UserErrorCode.CONFLICT, 'The endpoint is disabled: enable it first');
      }
      const uuid = /^[0-9a-f-]{36}$/i.test(input.eventId) ? input.eventId : undefined;
      const [event]: { position: string }[] = uuid
        ? await ctx.em.query(
            `SELECT e.position::text FROM public_need_event e JOIN api_account a ON a.id = $2
            WHERE e.event_id = $1 AND charity_covers(a.region_ids, a.service_types, e.region_path, e.service_type)`,
            [uuid, charity.accountId],
          )
        : [];
      if (!event) problems.add('eventId', UserErrorCode.NOT_FOUND, 'No event with this id in your feed');
      if (problems.any || !endpoint || !event) return undefined;
      return async () => {
        const [first]: { id: string }[] = await ctx.em.query(
          'SELECT id FROM webhook_delivery WHERE endpoint_id = $1 AND event_position = $2 AND replay_of IS NULL',
          [endpoint.id, event.position],
        );
        const id = crypto.randomUUID();
        await ctx.em.insert(WebhookDelivery, {
          id,
          endpointId: endpoint.id,
          eventPosition: event.position,
          status: WebhookDeliveryStatus.PENDING,
          attempts: 0,
          replayOf: first?.id ?? null,
          nextAttemptAt: new Date(),
        });
        // Wakes the dispatcher, which queues deliveries the API created.
        await ctx.em.query("SELECT pg_notify($1, '')", [PUBLIC_NEED_CHANNEL]);
        const delivery = await ctx.em.findOneByOrFail(WebhookDelivery, { id });
        return {
          result: delivery,
          entityType: 'WebhookDelivery',
          entityId: id,
          countyId: charity.countyId,
          changedFields: ['eventId'],
        };
      };
    },
  });
}
