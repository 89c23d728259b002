import type { UnmetEscalation, UnmetReason } from './matching.enums.ts';
import { In } from 'typeorm';
import type { Context } from '../../context.ts';
import type { Need } from '../need/need.entity.ts';
import { listScope } from '../region/region.service.ts';
import { MatchRun } from './match-run.entity.ts';
import type { UnmetNeed } from './matching.types.ts';
import {
  cursorArgument,
  cursorCodec,
  pageOf,
  pageRequest,
  type Connection,
  type PageArgs,
} from '../../common/connection.ts';
import { MatchRunStatus } from './matching.enums.ts';
import { NeedStatus } from '../need/need.enums.ts';

interface UnmetRow {
  runId: string;
  needId: string;
  missing: number;
  reason: string;
  escalation: string;
  waiting: string;
}

const UNMET_CURSOR = /^-?[0-9.]+\|[0-9a-f-]{36}$/;
const unmetCursor = cursorCodec('u1', UNMET_CURSOR);

/**
 * The coordinator's queue: needs still OPEN that the latest live run of their region left unmet,
 * with why and where the safety net sent them; longest waiting first, paged both ways (the cursor
 * holds when the need started waiting and its id).
 */
export async function listUnmetNeeds(ctx: Context, regionId: string, args: PageArgs): Promise<Connection<UnmetNeed>> {
  const scope = await listScope(ctx, regionId);
  const { backwards, size, cursor } = pageRequest(args, ctx.config.maxPageSize);
  const params: unknown[] = [scope!.id];
  let after = '';
  if (cursor) {
    const [waiting, needId] = cursorCodec('u1', UNMET_CURSOR, cursorArgument(backwards)).decode(cursor).split('|');
    after = `WHERE (q.waiting, q."needId") ${backwards ? '<' : '>'} ($${params.push(waiting)}::numeric, $${params.push(needId)}::uuid)`;
  }
  const direction = backwards ? 'DESC' : 'ASC';
  const latest = `SELECT DISTINCT ON (u.need_id) u.run_id AS "runId", u.need_id AS "needId", u.missing, u.reason, u.escalation,
            extract(epoch FROM coalesce(n.unmet_since, n.created_at))::numeric AS waiting
       FROM match_unmet u JOIN match_run r ON r.id = u.run_id JOIN need n ON n.id = u.need_id
      WHERE r.status = '${MatchRunStatus.SUCCEEDED}' AND NOT r.dry_run AND n.status = '${NeedStatus.OPEN}'
        AND u.region_id IN (SELECT id FROM region WHERE $1 = ANY(path))
      ORDER BY u.need_id, r.created_at DESC`;
  const rows: UnmetRow[] = await ctx.em.query(
    `SELECT q.*, q.waiting::text AS waiting FROM (${latest}) q ${after}
      ORDER BY q.waiting ${direction}, q."needId" ${direction} LIMIT ${size + 1}`,
    params,
  );
  const { kept, pageInfo } = pageOf(rows, size, backwards, cursor, (row) =>
    unmetCursor.encode(`${row.waiting}|${row.needId}`),
  );
  const needs = await ctx.loaders.need.loadMany(kept.map(({ row }) => row.needId));
  const runs = await ctx.em.findBy(MatchRun, { id: In([...new Set(kept.map(({ row }) => row.runId))]) });
  return {
    edges: kept.map(({ row, cursor: rowCursor }, index) => ({
      cursor: rowCursor,
      node: {
        need: needs[index] as Need,
        missing: row.missing,
        reason: row.reason as UnmetReason,
        escalation: row.escalation as UnmetEscalation,
        run: runs.find((r) => r.id === row.runId)!,
      },
    })),
    pageInfo,
    get totalCount() {
      return ctx.em
        .query(`SELECT count(*)::int AS n FROM (${latest}) q`, [scope!.id])
        .then((result: { n: number }[]) => result[0].n);
    },
  };
}
