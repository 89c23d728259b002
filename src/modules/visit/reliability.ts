import type { EntityManager } from 'typeorm';

/** Fewer visits due than this over the window: no history to judge a helper by. */
export const MIN_VISITS_FOR_RECORD = 3;
/** How far back a helper's record reaches. */
export const RECORD_DAYS = 90;

export interface HelperRecord {
  /** Visits due in the window (done, verified, checked in or missed; cancelled ones do not count). */
  due: number;
  done: number;
  /** Done of due, 0–1. */
  doneShare: number;
  ratings: number;
  /** Mean of the elders' stars, null without ratings. */
  meanRating: number | null;
}

/**
 * Each helper's record over the 90 days before `today` (issue #15, "back into the matching"):
 * the share of due visits done and the mean of the stars elders gave. Helpers with fewer than 3
 * visits due have no record (absent from the map): the matching neither rewards nor punishes them.
 */
export async function helperRecords(
  em: EntityManager,
  helperIds: readonly string[],
  today: string,
): Promise<Map<string, HelperRecord>> {
  if (helperIds.length === 0) return new Map();
  const rows: { helper_id: string; due: number; done: number; ratings: number; mean_rating: string | null }[] =
    await em.query(
      `SELECT helper_id,
              count(*) FILTER (WHERE status IN ('CHECKED_IN', 'DONE', 'VERIFIED', 'MISSED'))::int AS due,
              count(*) FILTER (WHERE status IN ('DONE', 'VERIFIED'))::int AS done,
              count(rating)::int AS ratings,
              avg(rating) AS mean_rating
         FROM visit
        WHERE helper_id = ANY($1) AND scheduled_date >= $2::date - $3::int AND scheduled_date < $2::date
        GROUP BY helper_id`,
      [helperIds, today, RECORD_DAYS],
    );
  const records = new Map<string, HelperRecord>();
  for (const row of rows) {
    if (row.due < MIN_VISITS_FOR_RECORD) continue;
    records.set(row.helper_id, {
      due: row.due,
      done: row.done,
      doneShare: row.done / row.due,
      ratings: row.ratings,
      meanRating: row.mean_rating === null ? null : Math.round(Number(row.mean_rating) * 100) / 100,
    });
  }
  return records;
}
