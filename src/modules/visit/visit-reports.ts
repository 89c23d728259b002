import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../../auth/role.ts';
import { forbidden } from '../../common/errors.ts';
import { toGlobalId } from '../../common/global-id.ts';
import { badInput } from '../../common/errors.ts';
import type { Context } from '../../context.ts';
import { listScope } from '../region/region.service.ts';
import { Visit } from './visit.entity.ts';
import { CareAlertKind } from './visit.enums.ts';

/**
 * What a coordinator follows after the match (issue #15): the alert queue (missed visits, low
 * ratings, visits left unconfirmed) and service hours per helper, elder or village and month,
 * both computed in SQL over the region's subtree. Officers and supervisors only: helpers and
 * families read their own visits instead.
 */

@ObjectType({ description: "An entry of the coordinator's alert queue." })
export class CareAlert {
  @Field(() => CareAlertKind)
  kind: CareAlertKind;

  @Field(() => Date, { description: 'When it arose: the end of the missed window, the rating, the check-out.' })
  at: Date;

  @Field(() => Visit)
  visit: Visit;
}

export enum HoursBy {
  HELPER = 'HELPER',
  ELDER = 'ELDER',
  VILLAGE = 'VILLAGE',
}
registerEnumType(HoursBy, { name: 'HoursBy', description: 'How service hours are grouped.' });

@ObjectType({ description: 'Service given in a month, for one helper, elder or village.' })
export class ServiceHours {
  @Field(() => ID, { description: 'The global id of the helper (Helper), the elder (Person) or the village (Region).' })
  key: string;

  @Field(() => Int, { description: 'Visits done (checked out), verified or not.' })
  visits: number;

  @Field(() => Int, { description: 'Minutes between check-in and check-out, over those visits.' })
  minutesDone: number;

  @Field(() => Int, { description: 'The same over VERIFIED visits only: what rewards are paid on.' })
  verifiedMinutes: number;

  @Field(() => Int, { description: 'Visits scheduled in the month that were MISSED.' })
  missed: number;
}

const READERS = [Role.ADMIN, Role.COUNTY_OFFICIAL, Role.COORDINATOR, Role.SUPERVISOR];

async function scopeOf(ctx: Context, regionId: string | null | undefined): Promise<string | null> {
  ctx.viewer.assertRole(READERS);
  const scope = await listScope(ctx, regionId);
  return scope?.id ?? null;
}

export async function careAlerts(
  ctx: Context,
  regionId: string | null | undefined,
  days: number,
): Promise<CareAlert[]> {
  if (!Number.isInteger(days) || days < 1 || days > 90) throw badInput('days', 'days must be between 1 and 90');
  const scope = await scopeOf(ctx, regionId);
  const now = ctx.config.now();
  const rows: { id: string; kind: CareAlertKind; at: Date }[] = await ctx.em.query(
    `WITH scoped AS (
       SELECT * FROM visit WHERE ($1::uuid IS NULL OR region_id IN (SELECT id FROM region WHERE $1::uuid = ANY(path))))
     SELECT id, kind, at FROM (
       SELECT id, 'MISSED_VISIT' AS kind, (scheduled_date + window_end) AT TIME ZONE 'Asia/Shanghai' AS at FROM scoped WHERE status = 'MISSED'
       UNION ALL SELECT id, 'LOW_RATING', confirmed_at FROM scoped WHERE rating <= 2
       UNION ALL SELECT id, 'UNCONFIRMED', checked_out_at FROM scoped
                  WHERE status = 'DONE' AND checked_out_at <= $2::timestamptz - interval '3 days') alerts
      WHERE at >= $2::timestamptz - make_interval(days => $3::int)
      ORDER BY at DESC, id LIMIT 500`,
    [scope, now.toISOString(), days],
  );
  const visits = await ctx.loaders.visit.loadMany(rows.map((row) => row.id));
  return rows.map((row, i) => ({ kind: row.kind, at: new Date(row.at), visit: visits[i] as Visit }));
}

export async function serviceHours(
  ctx: Context,
  regionId: string | null | undefined,
  month: string,
  by: HoursBy,
): Promise<ServiceHours[]> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badInput('month', 'month is YYYY-MM');
  const scope = await scopeOf(ctx, regionId);
  if (ctx.viewer.role === Role.CHARITY) throw forbidden();
  const key = { [HoursBy.HELPER]: 'v.helper_id', [HoursBy.ELDER]: 'v.elder_id', [HoursBy.VILLAGE]: 'v.region_id' }[by];
  const rows: { key: string; visits: number; minutes_done: number; verified_minutes: number; missed: number }[] =
    await ctx.em.query(
      `SELECT ${key} AS key,
              count(*) FILTER (WHERE v.checked_out_at IS NOT NULL)::int AS visits,
              coalesce(sum(extract(epoch FROM v.checked_out_at - v.checked_in_at) / 60)
                       FILTER (WHERE v.checked_out_at IS NOT NULL), 0)::int AS minutes_done,
              coalesce(sum(extract(epoch FROM v.checked_out_at - v.checked_in_at) / 60)
                       FILTER (WHERE v.status = 'VERIFIED'), 0)::int AS verified_minutes,
              count(*) FILTER (WHERE v.status = 'MISSED')::int AS missed
         FROM visit v
        WHERE v.scheduled_date >= ($2 || '-01')::date AND v.scheduled_date < ($2 || '-01')::date + interval '1 month'
          AND ($1::uuid IS NULL OR v.region_id IN (SELECT id FROM region WHERE $1::uuid = ANY(path)))
        GROUP BY ${key} ORDER BY minutes_done DESC, key`,
      [scope, month],
    );
  const type = { [HoursBy.HELPER]: 'Helper', [HoursBy.ELDER]: 'Person', [HoursBy.VILLAGE]: 'Region' }[by];
  return rows.map((row) => ({
    key: toGlobalId(type, row.key),
    visits: row.visits,
    minutesDone: row.minutes_done,
    verifiedMinutes: row.verified_minutes,
    missed: row.missed,
  }));
}
