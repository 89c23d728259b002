import { GraphQLError } from 'graphql';
import { Arg, Args, Ctx, ID, Query, Resolver, Root, Subscription } from 'type-graphql';
import { ConnectionType, type Connection } from '../../common/connection.ts';
import type { Context } from '../../context.ts';
import { ServiceType } from '../catalogue/service-type.enum.ts';
import { needFeed, type FeedEvent } from './need-feed.ts';
import {
  asPublicNeed,
  asPublicNeedEvent,
  decodeEventCursor,
  findVisiblePublicNeed,
  listPublicNeeds,
} from './public-need.service.ts';
import { PublicNeedEventType } from './public-need.enums.ts';
import { PublicNeed, PublicNeedEvent } from './public-need.type.ts';
import { PublicNeedsArgs } from './public-need.inputs.ts';

const PublicNeedConnection = ConnectionType(PublicNeed, 'PublicNeed');

interface FeedArgs {
  serviceTypes?: ServiceType[] | null;
  after?: string | null;
}

/** A subscription's stream: the charity's feed from `after` (or from now), narrowed to some event types and services. */
async function subscribeFeed(
  ctx: Context,
  args: FeedArgs,
  types: PublicNeedEventType[],
): Promise<AsyncIterable<PublicNeedEvent>> {
  const charity = ctx.viewer.requireCharity();
  const feed = needFeed(ctx.dataSource, ctx.logger);
  const from = args.after ? decodeEventCursor(args.after) : await feed.latestPosition();
  if (args.after) {
    const [pruned]: { position: string }[] = await ctx.em.query(
      `SELECT position::text FROM outbox_cursor WHERE name = 'pruned'`,
    );
    if (pruned && from < BigInt(pruned.position)) {
      throw new GraphQLError(
        'Events after this cursor are no longer kept: re-read publicNeeds, then subscribe without `after`',
        { extensions: { code: 'BAD_USER_INPUT', argument: 'after', reason: 'CURSOR_EXPIRED' } },
      );
    }
  }
  const services = args.serviceTypes?.length ? new Set<string>(args.serviceTypes) : undefined;
  const events = feed.follow(
    charity.accountId,
    charity.keyId,
    from,
    (event: FeedEvent) => types.includes(event.type) && (!services || services.has(event.serviceType)),
  );
  return {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        const result = await events.next();
        return result.done ? { value: undefined, done: true } : { value: asPublicNeedEvent(result.value), done: false };
      },
      return: async () => {
        await events.return?.();
        return { value: undefined, done: true };
      },
    }),
  };
}

const AFTER_DESCRIPTION =
  'Resume after this event cursor (from an earlier event): events written meanwhile are replayed from the outbox. Without it the feed starts now.';

@Resolver(() => PublicNeed)
export class PublicNeedResolver {
  @Query(() => PublicNeedConnection, {
    description: 'Charities: the shared needs in your regions and service types, redacted.',
  })
  publicNeeds(
    @Args(() => PublicNeedsArgs) args: PublicNeedsArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<PublicNeed>> {
    return listPublicNeeds(ctx, ctx.viewer.requireCharity(), args);
  }

  @Query(() => PublicNeed, {
    nullable: true,
    description: 'Charities: one shared need, or null when it is not (or no longer) shared with you.',
  })
  async publicNeed(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<PublicNeed | null> {
    const found = await findVisiblePublicNeed(ctx, ctx.viewer.requireCharity(), id);
    return found ? asPublicNeed(found.data) : null;
  }

  @Subscription(() => PublicNeedEvent, {
    description:
      'Charities: needs newly shared in your scope (optionally only some services). Delivery is at least once: dedupe by eventId.',
    subscribe: ({ args, context }) =>
      subscribeFeed(context as Context, args as FeedArgs, [PublicNeedEventType.NEED_PUBLISHED]),
  })
  needPublished(
    @Root() event: PublicNeedEvent,
    @Arg('serviceTypes', () => [ServiceType], { nullable: true }) _serviceTypes: ServiceType[] | null,
    @Arg('after', () => String, { nullable: true, description: AFTER_DESCRIPTION }) _after: string | null,
  ): PublicNeedEvent {
    return event;
  }

  @Subscription(() => PublicNeedEvent, {
    description: 'Charities: changes to shared needs in your scope, including their withdrawal (state WITHDRAWN).',
    subscribe: ({ args, context }) =>
      subscribeFeed(context as Context, args as FeedArgs, [PublicNeedEventType.NEED_UPDATED]),
  })
  needUpdated(
    @Root() event: PublicNeedEvent,
    @Arg('serviceTypes', () => [ServiceType], { nullable: true }) _serviceTypes: ServiceType[] | null,
    @Arg('after', () => String, { nullable: true, description: AFTER_DESCRIPTION }) _after: string | null,
  ): PublicNeedEvent {
    return event;
  }
}
