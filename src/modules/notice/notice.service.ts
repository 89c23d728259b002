import { Role } from '../../auth/role.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { idOfType, toGlobalId } from '../../common/global-id.ts';
import { enumLabels } from '../../common/labels.ts';
import type { Context } from '../../context.ts';
import { RegionKind } from '../region/region.enums.ts';
import type { Region } from '../region/region.entity.ts';
import { NoticeNames } from '../supervision/supervision-policy.ts';
import { InspectionKind } from '../supervision/supervision.enums.ts';
import { supervisionPolicyOf } from '../supervision/supervision.service.ts';
import type { NoticeEntry, PublicNotice } from './notice.types.ts';

/**
 * Village notices (公示, issue #16): what supervision found in a period, posted on the village
 * board and printable. Built from structured facts only — counts, dates, kinds, scores, whether a
 * task was put right — and the helper's name as the county's notice policy allows. Never an
 * elder's name, an ID number, an address, health, or any free text (findings, complaints, notes):
 * free text cannot be vetted for what it says about someone.
 */
export const MAX_NOTICE_DAYS = 366;

export function noticePath(regionId: string, from: string, to: string): string {
  return `/regions/${toGlobalId('Region', regionId)}/notice?from=${from}&to=${to}`;
}

/** 李某某 for 李建国: the surname and a mark per other character. */
export function maskedName(name: string): string {
  const chars = [...name];
  return chars[0] + '某'.repeat(Math.max(chars.length - 1, 1));
}

export function nameAsAllowed(name: string | null, policy: NoticeNames): string | null {
  if (!name || policy === NoticeNames.NONE) return null;
  return policy === NoticeNames.FULL ? name : maskedName(name);
}

const labelZh = (enumName: string, value: string) =>
  enumLabels([enumName]).find((entry) => entry.value === value)?.labelZh ?? value;
const kindZh = (kind: string) => labelZh('InspectionKind', kind);

/** The region a notice is read for: a village or township the viewer covers (never a charity). */
export async function noticeRegion(ctx: Context, globalId: string): Promise<Region> {
  ctx.viewer.require();
  if (ctx.viewer.role === Role.CHARITY) throw forbidden('Charities read the public-need feed, not village notices');
  const id = idOfType(globalId, 'Region');
  const region = id ? await ctx.loaders.region.load(id) : undefined;
  if (!region || !ctx.viewer.covers(region.path)) throw notFound('No village or township in your scope has this id');
  if (region.kind !== RegionKind.VILLAGE && region.kind !== RegionKind.TOWNSHIP)
    throw notFound('Notices are posted in a village or a township');
  return region;
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
const isDay = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
};

export function periodProblem(from: string, to: string): string | null {
  if (!isDay(from) || !isDay(to)) return 'from and to are calendar dates (YYYY-MM-DD)';
  if (to < from) return 'to must not be before from';
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_NOTICE_DAYS) return 'A notice covers at most a year';
  return null;
}

export async function publicNotice(ctx: Context, region: Region, from: string, to: string): Promise<PublicNotice> {
  const policy = await supervisionPolicyOf(ctx, region.path[0]);
  const params = [region.id, from, to];
  const inPeriod = `i.status = 'DONE' AND i.region_id IN (SELECT id FROM region WHERE $1 = ANY(path))
    AND (i.inspected_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date`;
  const [summary]: {
    total: number;
    poor: number;
    mean_share: number | null;
    rectified: number;
    rectifying: number;
  }[] = await ctx.em.query(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE i.poor)::int AS poor,
            round(avg(i.score / i.scale_max)::numeric, 3)::float AS mean_share,
            count(t.id) FILTER (WHERE t.status = 'DONE')::int AS rectified,
            count(t.id) FILTER (WHERE t.status = 'OPEN')::int AS rectifying
       FROM inspection i LEFT JOIN rectification_task t ON t.inspection_id = i.id
      WHERE ${inPeriod}`,
    params,
  );
  const kinds: { kind: InspectionKind; count: number }[] = await ctx.em.query(
    `SELECT i.kind, count(*)::int AS count FROM inspection i WHERE ${inPeriod} GROUP BY i.kind ORDER BY i.kind`,
    params,
  );
  const poor: {
    day: string;
    kind: string;
    score: number;
    scale_max: number;
    helper_name: string | null;
    household: boolean;
    task_status: string | null;
    due_date: string | null;
  }[] = await ctx.em.query(
    `SELECT (i.inspected_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day, i.kind, i.score, i.scale_max,
            coalesce(hp.name, o.name) AS helper_name, i.household_id IS NOT NULL AS household,
            t.status AS task_status, t.due_date::text AS due_date
       FROM inspection i
       LEFT JOIN helper h ON h.id = i.helper_id
       LEFT JOIN person hp ON hp.id = h.person_id
       LEFT JOIN organisation o ON o.id = h.organisation_id
       LEFT JOIN rectification_task t ON t.inspection_id = i.id
      WHERE ${inPeriod} AND i.poor
      ORDER BY i.inspected_at, i.id`,
    params,
  );
  const entries: NoticeEntry[] = poor.map((row) => ({
    date: row.day,
    heading: '督查结果',
    name: row.household ? null : nameAsAllowed(row.helper_name, policy.noticeNames),
    text:
      `${kindZh(row.kind)}${row.household ? '（入户检查）' : ''}评分${row.score}（满分${row.scale_max}），未达标；` +
      (row.task_status === 'DONE' ? '已完成整改。' : `整改中，限${row.due_date}前完成。`),
  }));
  const ruled: { day: string; outcome: string; category: string; helper_name: string | null }[] = await ctx.em.query(
    `SELECT (c.ruled_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day, c.outcome, c.category,
            coalesce(hp.name, o.name) AS helper_name
       FROM complaint c
       LEFT JOIN helper h ON h.id = c.helper_id
       LEFT JOIN person hp ON hp.id = h.person_id
       LEFT JOIN organisation o ON o.id = h.organisation_id
      WHERE c.status = 'RULED' AND c.region_id IN (SELECT id FROM region WHERE $1 = ANY(path))
        AND (c.ruled_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date
      ORDER BY c.ruled_at, c.id`,
    params,
  );
  const rulings: NoticeEntry[] = ruled.map((row) => ({
    date: row.day,
    heading: '仲裁裁决',
    // Only a helper complained about is named (as the policy allows); never an elder or a complainant.
    name: nameAsAllowed(row.helper_name, policy.noticeNames),
    text: `关于${labelZh('ComplaintCategory', row.category)}的投诉，裁决：${labelZh('ComplaintOutcome', row.outcome)}。`,
  }));
  return {
    rulings,
    regionName: region.name,
    from,
    to,
    inspections: {
      total: summary.total,
      poor: summary.poor,
      meanShare: summary.mean_share,
      byKind: kinds,
      rectified: summary.rectified,
      rectifying: summary.rectifying,
    },
    entries,
    printPath: noticePath(region.id, from, to),
  };
}
