import type { EntityManager } from 'typeorm';
import { announceCareAlert } from './care-alerts.ts';
import { CareAlertKind } from './visit.enums.ts';

/** How far ahead an active agreement's visits are laid out. */
export const VISIT_HORIZON_DAYS = 14;
/** A visit not checked out this long after its window's end is MISSED. */
export const MISSED_GRACE_MINUTES = 120;

/**
 * The visits an ACTIVE agreement's needs call for, day by day from `from` over the horizon (in
 * Asia/Shanghai dates): each MATCHED need it covers, on the days its recurrence names (daily,
 * ISO weekdays, or its one date), within the agreement's and the need's terms.
 */
const WANTED = `
  wanted AS (
    SELECT a.id AS agreement_id, n.id AS need_id, a.county_id, a.region_id, a.helper_id, a.elder_id,
           n.service_type, d.day, n.window_start, n.window_end, n.minutes_per_occurrence
      FROM care_agreement a
      JOIN care_agreement_need an ON an.agreement_id = a.id
      JOIN need n ON n.id = an.need_id
      JOIN LATERAL (SELECT g::date AS day FROM generate_series($1::date, $1::date + $2::int, interval '1 day') g) d
        ON d.day >= greatest(a.start_date, n.start_date)
       AND (a.end_date IS NULL OR d.day <= a.end_date)
       AND (n.end_date IS NULL OR d.day <= n.end_date)
       AND (a.ends_on IS NULL OR d.day < a.ends_on)
     WHERE a.status = 'ACTIVE' AND n.status = 'MATCHED'
       AND ($3::uuid IS NULL OR a.id = $3::uuid)
       AND (n.recurrence = 'DAILY'
            OR (n.recurrence = 'WEEKLY' AND extract(isodow FROM d.day)::smallint = ANY(n.weekdays))
            OR (n.recurrence = 'ONCE' AND d.day = n.start_date)))`;

/**
 * Lays out visits from `from` (today in China) over the horizon, for every agreement or one,
 * and removes the future visits still SCHEDULED that no agreement calls for any more (ended,
 * suspended, a need no longer covered or matched, a weekday dropped). Idempotent: run it daily,
 * and whenever an agreement changes. Returns how many visits it added and removed.
 */
export async function scheduleVisits(
  em: EntityManager,
  from: string,
  options: { agreementId?: string; horizonDays?: number } = {},
): Promise<{ added: number; removed: number }> {
  const params = [from, options.horizonDays ?? VISIT_HORIZON_DAYS, options.agreementId ?? null];
  const [added] = await em.query(
    `WITH ${WANTED}, inserted AS (
       INSERT INTO visit (id, county_id, region_id, agreement_id, need_id, helper_id, elder_id, service_type,
                          scheduled_date, window_start, window_end, planned_minutes)
       SELECT md5(agreement_id::text || need_id::text || day::text)::uuid,
              county_id, region_id, agreement_id, need_id, helper_id, elder_id, service_type,
              day, window_start, window_end, minutes_per_occurrence FROM wanted
       ON CONFLICT (agreement_id, need_id, scheduled_date) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM inserted`,
    params,
  );
  const [removed] = await em.query(
    `WITH ${WANTED}, deleted AS (
       DELETE FROM visit v
        WHERE v.status = 'SCHEDULED' AND v.scheduled_date >= $1::date
          AND ($3::uuid IS NULL OR v.agreement_id = $3::uuid)
          AND NOT EXISTS (SELECT 1 FROM wanted w
                           WHERE w.agreement_id = v.agreement_id AND w.need_id = v.need_id AND w.day = v.scheduled_date)
       RETURNING 1)
     SELECT count(*)::int AS n FROM deleted`,
    params,
  );
  return { added: added.n, removed: removed.n };
}

/**
 * Visits still SCHEDULED when their window ended more than the grace period before `now` become
 * MISSED. Returns the ids and regions of those it marked, for the alert channel.
 */
export async function markMissedVisits(
  em: EntityManager,
  now: Date,
  graceMinutes = MISSED_GRACE_MINUTES,
): Promise<{ id: string; region_id: string }[]> {
  const [rows] = (await em.query(
    `UPDATE visit SET status = 'MISSED', updated_at = now()
      WHERE status = 'SCHEDULED'
        AND ((scheduled_date + window_end) AT TIME ZONE 'Asia/Shanghai') + make_interval(mins => $2::int) < $1::timestamptz
      RETURNING id, region_id`,
    [now.toISOString(), graceMinutes],
  )) as [{ id: string; region_id: string }[], number];
  await announceCareAlert(
    em,
    CareAlertKind.MISSED_VISIT,
    rows.map((row) => row.id),
  );
  return rows;
}

/** Days a done visit may wait for the elder's confirmation before it is an alert. */
export const UNCONFIRMED_ALERT_DAYS = 3;

/**
 * Visits DONE but unconfirmed for 3 days are announced on the alert channel, once each (the
 * stamp `unconfirmed_alert_at`): the coordinator's console hears of them as of missed ones.
 */
export async function markUnconfirmedVisits(em: EntityManager, now: Date): Promise<string[]> {
  const [rows] = (await em.query(
    `UPDATE visit SET unconfirmed_alert_at = $1::timestamptz
      WHERE status = 'DONE' AND unconfirmed_alert_at IS NULL
        AND checked_out_at <= $1::timestamptz - make_interval(days => $2::int)
      RETURNING id`,
    [now.toISOString(), UNCONFIRMED_ALERT_DAYS],
  )) as [{ id: string }[], number];
  const ids = rows.map((row) => row.id);
  await announceCareAlert(em, CareAlertKind.UNCONFIRMED, ids);
  return ids;
}
