import type { UnmetEscalation, UnmetReason } from './matching.enums.ts';
import { In } from 'typeorm';
import type { Context } from '../../context.ts';
import type { Need } from '../need/need.entity.ts';
import { listScope } from '../region/region.service.ts';
import { MatchRun } from './match-run.entity.ts';
import type { MatchUnmet } from './match-unmet.entity.ts';
import type { UnmetNeed } from './matching.types.ts';

/**
 * The coordinator's queue: needs still OPEN that the latest live run of their region left unmet,
 * with why and where the safety net sent them.
 */
export async function listUnmetNeeds(ctx: Context, regionId: string, first: number): Promise<UnmetNeed[]> {
  const scope = await listScope(ctx, regionId);
  const rows: (MatchUnmet & { run: string })[] = await ctx.em.query(
    `SELECT DISTINCT ON (u.need_id) u.run_id AS "runId", u.need_id AS "needId", u.missing, u.reason, u.escalation
       FROM match_unmet u JOIN match_run r ON r.id = u.run_id JOIN need n ON n.id = u.need_id
      WHERE r.status = 'SUCCEEDED' AND NOT r.dry_run AND n.status = 'OPEN'
        AND u.region_id IN (SELECT id FROM region WHERE $1 = ANY(path))
      ORDER BY u.need_id, r.created_at DESC LIMIT $2`,
    [scope!.id, Math.min(first, ctx.config.maxPageSize)],
  );
  const needs = await ctx.loaders.need.loadMany(rows.map((r) => r.needId));
  const runs = await ctx.em.findBy(MatchRun, { id: In([...new Set(rows.map((r) => r.runId))]) });
  return rows.map((row, index) => ({
    need: needs[index] as Need,
    missing: row.missing,
    reason: row.reason as UnmetReason,
    escalation: row.escalation as UnmetEscalation,
    run: runs.find((r) => r.id === row.runId)!,
  }));
}
