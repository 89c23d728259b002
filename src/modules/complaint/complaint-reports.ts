import { Field, Float, Int, ObjectType } from 'type-graphql';
import { OVERSIGHT_READER_ROLES } from '../../auth/role.ts';
import type { Context } from '../../context.ts';
import { listScope } from '../region/region.service.ts';
import { Region } from '../region/region.entity.ts';
import { ComplaintFiguresLevel } from './complaint.enums.ts';
import type { ComplaintFiguresArgs } from './complaint.inputs.ts';

@ObjectType({
  description: 'How fast complaints were answered in one region (SLA figures), from the first complaint on.',
})
export class ComplaintFigures {
  @Field(() => Region)
  region: Region;

  @Field(() => Int)
  received: number;

  @Field(() => Int, { description: 'Acknowledged (or escalated) so far.' })
  acknowledged: number;

  @Field(() => Int, { description: "Acknowledged within the county's hours (acknowledgeDueAt)." })
  acknowledgedInTime: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Share of the complaints received whose acknowledgement was due that were acknowledged in time (0–1); null when none was due yet.',
  })
  shareAcknowledgedInTime: number | null;

  @Field(() => Int, { nullable: true, description: 'Median minutes from receipt to acknowledgement.' })
  medianMinutesToAcknowledge: number | null;

  @Field(() => Int, { nullable: true, description: 'Median minutes from receipt to resolution or ruling.' })
  medianMinutesToResolve: number | null;

  @Field(() => Int, { description: 'Resolved or ruled within the county\u2019s hours (resolveDueAt).' })
  resolvedInTime: number;

  @Field(() => Int, { description: 'Still open (not RESOLVED or RULED).' })
  open: number;

  @Field(() => Int, { description: 'Escalated to the township for want of acknowledgement in time.' })
  overdue: number;
}

/** Position of each level in a region's path (1-based, as in SQL: county, township, village). */
const LEVEL_INDEX: Record<ComplaintFiguresLevel, number> = { COUNTY: 1, TOWNSHIP: 2, VILLAGE: 3 };

/** The SLA figures, in one statement, grouped by the region of the level asked for inside the scope. */
export async function complaintFigures(ctx: Context, args: ComplaintFiguresArgs): Promise<ComplaintFigures[]> {
  ctx.viewer.assertRole(OVERSIGHT_READER_ROLES);
  const scope = await listScope(ctx, args.regionId);
  const rows: (Omit<ComplaintFigures, 'region'> & { region_id: string })[] = await ctx.em.query(
    `WITH c AS (
       SELECT c.*, r.path[${LEVEL_INDEX[args.by]}] AS group_id FROM complaint c JOIN region r ON r.id = c.region_id
        WHERE ($1::uuid IS NULL OR $1 = ANY(r.path)))
     SELECT group_id AS region_id, count(*)::int AS received,
            count(acknowledged_at)::int AS acknowledged,
            count(*) FILTER (WHERE acknowledged_at <= acknowledge_due_at)::int AS "acknowledgedInTime",
            (count(*) FILTER (WHERE acknowledged_at <= acknowledge_due_at)::float
              / nullif(count(*) FILTER (WHERE acknowledged_at IS NOT NULL OR acknowledge_due_at <= now()), 0)) AS "shareAcknowledgedInTime",
            round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - received_at) / 60))::int
              AS "medianMinutesToAcknowledge",
            round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM coalesce(resolved_at, ruled_at) - received_at) / 60))::int
              AS "medianMinutesToResolve",
            count(*) FILTER (WHERE coalesce(resolved_at, ruled_at) <= resolve_due_at)::int AS "resolvedInTime",
            count(*) FILTER (WHERE status NOT IN ('RESOLVED', 'RULED'))::int AS open,
            count(overdue_at)::int AS overdue
       FROM c WHERE group_id IS NOT NULL GROUP BY group_id`,
    [scope?.id ?? null],
  );
  const regions = await ctx.loaders.region.loadMany(rows.map((row) => row.region_id));
  return rows
    .map(({ region_id: _id, ...figures }, i) => ({ ...figures, region: regions[i] as Region }))
    .filter((row) => row.region instanceof Region && ctx.viewer.covers(row.region.path))
    .sort((a, b) => (a.region.code < b.region.code ? -1 : 1));
}
