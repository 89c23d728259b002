import type { EntityManager } from 'typeorm';
import type { HelperReliability } from '../../matching/types.ts';

/** Fewer visits due than this over the window: no visit history to judge a helper by. */
export const MIN_VISITS_FOR_RECORD = 3;
/** How far back a helper's visits count. */
export const RECORD_DAYS = 90;
/** How far back a helper's inspections count (they are rarer: monthly at most, most often). */
export const INSPECTION_RECORD_DAYS = 180;

export interface HelperRecord {
  /** Visits due in the window (done, verified, checked in or missed; cancelled ones do not count). */
  due: number;
  done: number;
  /** Done of due, 0–1; null with fewer than 3 visits due. */
  doneShare: number | null;
  ratings: number;
  /** Mean of the elders' stars, null without ratings. */
  meanRating: number | null;
  /** Supervision inspections done over 180 days (issue #16). */
  inspections: number;
  /** Their mean score as a share of each one's scale, 0–1; null without inspections. */
  inspectionShare: number | null;
}

/**
 * Each helper's record before `today` (issue #15, "back into the matching"; issue #16, "results
 * enter the helper's reliability"): the share of due visits done and the mean of the stars elders
 * gave over the 90 days before `today`, and the mean inspection score over 180 days up to the
 * end of `today` (an inspection weighs from the day it is done). Helpers with fewer than 3 visits
 * due and no inspection have no record (absent from the map): neither rewarded nor punished.
 */
export async function helperRecords(
  em: EntityManager,
  helperIds: readonly string[],
  today: string,
): Promise<Map<string, HelperRecord>> {
  if (helperIds.length === 0) return new Map();
  const rows: {
    helper_id: string;
    due: number;
    done: number;
    ratings: number;
    mean_rating: string | null;
    inspections: number;
    inspection_share: number | null;
  }[] = await em.query(
    `WITH visits AS (
       SELECT helper_id,
              count(*) FILTER (WHERE status IN ('CHECKED_IN', 'DONE', 'VERIFIED', 'MISSED'))::int AS due,
              count(*) FILTER (WHERE status IN ('DONE', 'VERIFIED'))::int AS done,
              count(rating)::int AS ratings,
              avg(rating) AS mean_rating
         FROM visit
        WHERE helper_id = ANY($1) AND scheduled_date >= $2::date - $3::int AND scheduled_date < $2::date
        GROUP BY helper_id),
     inspections AS (
       SELECT helper_id, count(*)::int AS inspections, avg(score / scale_max)::float8 AS inspection_share
         FROM inspection
        WHERE helper_id = ANY($1) AND status = 'DONE'
          AND inspected_at >= ($2::date - $4::int)::timestamp AT TIME ZONE 'Asia/Shanghai'
          AND inspected_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
        GROUP BY helper_id)
     SELECT coalesce(v.helper_id, i.helper_id) AS helper_id, coalesce(v.due, 0) AS due, coalesce(v.done, 0) AS done,
            coalesce(v.ratings, 0) AS ratings, v.mean_rating, coalesce(i.inspections, 0) AS inspections, i.inspection_share
       FROM visits v FULL JOIN inspections i ON i.helper_id = v.helper_id`,
    [helperIds, today, RECORD_DAYS, INSPECTION_RECORD_DAYS],
  );
  const records = new Map<string, HelperRecord>();
  for (const row of rows) {
    const visits = row.due >= MIN_VISITS_FOR_RECORD;
    if (!visits && row.inspections === 0) continue;
    records.set(row.helper_id, {
      due: row.due,
      done: row.done,
      doneShare: visits ? row.done / row.due : null,
      ratings: row.ratings,
      meanRating: !visits || row.mean_rating === null ? null : Math.round(Number(row.mean_rating) * 100) / 100,
      inspections: row.inspections,
      inspectionShare: row.inspection_share === null ? null : Math.round(row.inspection_share * 1000) / 1000,
    });
  }
  return records;
}

/** The part of a record the matching weighs (and its explanation says). */
export function reliabilityOf(record: HelperRecord | null | undefined): HelperReliability | null {
  return record
    ? { doneShare: record.doneShare, meanRating: record.meanRating, inspectionShare: record.inspectionShare }
    : null;
}
