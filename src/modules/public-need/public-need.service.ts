import type { CharityClaims } from '../../auth/viewer.ts';
import { cursorCodec, decodeCursor, encodeCursor, pageSize, type Connection } from '../../common/connection.ts';
import type { Context } from '../../context.ts';
import { occurrencesPerWeek } from '../need/need.enums.ts';
import { daysWaited } from '../../common/time.ts';
import type { FeedEvent } from './need-feed.ts';
import { PublicNeedState } from './public-need.enums.ts';
import type { PublicNeed, PublicNeedData, PublicNeedEvent } from './public-need.type.ts';

/** A stored payload as of now: only the days waited move by themselves. */
export function asPublicNeed(data: PublicNeedData): PublicNeed {
  return { ...data, daysUnmet: daysWaited(data.waitingSince) } as PublicNeed;
}

export function asPublicNeedEvent(event: FeedEvent): PublicNeedEvent {
  const payload = event.payload as unknown as PublicNeedData;
  return {
    eventId: event.eventId,
    cursor: encodeEventCursor(event.position),
    type: event.type,
    occurredAt: new Date(event.occurredAt),
    publicNeedId: event.publicId,
    state: payload.state,
    publicNeed: payload.state === PublicNeedState.WITHDRAWN ? null : (payload as PublicNeed),
  };
}

const eventCursor = cursorCodec('e1', /^\d{1,18}$/);

export function encodeEventCursor(position: string | bigint): string {
  return eventCursor.encode(position);
}

export function decodeEventCursor(cursor: string): bigint {
  return BigInt(eventCursor.decode(cursor));
}

/** The public needs one charity may see: published, and covered by its account (charity_covers). */
const VISIBLE_TO = `FROM public_need pn JOIN need n ON n.id = pn.need_id JOIN region r ON r.id = n.region_id
  WHERE pn.visible AND charity_covers($1::uuid[], $2::service_type[], r.path, n.service_type)`;

export async function listPublicNeeds(
  ctx: Context,
  charity: CharityClaims,
  args: { first?: number | null; after?: string | null; serviceType?: string | null },
): Promise<Connection<PublicNeed>> {
  const first = pageSize(args.first, ctx.config.maxPageSize);
  const params: unknown[] = [charity.regionIds, charity.serviceTypes];
  let filter = '';
  if (args.serviceType) filter += ` AND n.service_type = $${params.push(args.serviceType)}`;
  const countFilter = filter;
  const countParams = [...params];
  if (args.after) {
    filter += ` AND pn.public_id > $${params.push(decodeCursor(args.after))}`;
  }
  const rows: { payload: PublicNeedData }[] = await ctx.em.query(
    `SELECT pn.payload ${VISIBLE_TO}${filter} ORDER BY pn.public_id LIMIT ${first + 1}`,
    params,
  );
  const edges = rows
    .slice(0, first)
    .map((row) => ({ node: asPublicNeed(row.payload), cursor: encodeCursor(row.payload.id) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    get totalCount() {
      return ctx.em
        .query(`SELECT count(*)::int AS n ${VISIBLE_TO}${countFilter}`, countParams)
        .then((r: { n: number }[]) => r[0].n);
    },
  };
}

/** One public need the charity may see, with the internal ids behind it; undefined otherwise. */
export async function findVisiblePublicNeed(
  ctx: Context,
  charity: CharityClaims,
  publicId: string,
): Promise<
  { data: PublicNeedData; needId: string; countyId: string; serviceType: string; weeklyMinutes: number } | undefined
> {
  if (typeof publicId !== 'string' || !publicId.startsWith('pn_') || publicId.length > 40) return undefined;
  const rows: { payload: PublicNeedData; need_id: string; county_id: string; service_type: string }[] =
    await ctx.em.query(
      `SELECT pn.payload, n.id AS need_id, n.county_id, n.service_type ${VISIBLE_TO} AND pn.public_id = $3`,
      [charity.regionIds, charity.serviceTypes, publicId],
    );
  const row = rows[0];
  if (!row) return undefined;
  const { schedule } = row.payload;
  const weeklyMinutes = occurrencesPerWeek(schedule.recurrence, schedule.weekdays) * schedule.minutesPerOccurrence;
  return {
    data: row.payload,
    needId: row.need_id,
    countyId: row.county_id,
    serviceType: row.service_type,
    weeklyMinutes,
  };
}
