import type { EntityManager } from 'typeorm';

/**
 * Re-scores the needs whose stored score the clock has moved (a day more waited, a new year
 * making an elder 80); returns how many changed. Run by the worker every 10 minutes.
 */
export async function refreshNeedPriorities(em: EntityManager): Promise<number> {
  const [, changed] = (await em.query(
    `UPDATE need SET priority_score = fresh.score
       FROM (SELECT id, need_priority_score(elder_id, unmet_since) AS score FROM need) fresh
      WHERE need.id = fresh.id AND need.priority_score IS DISTINCT FROM fresh.score`,
  )) as [unknown, number];
  return changed;
}
