import type { EntityManager } from 'typeorm';
import { scheduleVisits } from '../src/modules/visit/visit-schedule.ts';

/** How far back the demo county's care goes. */
export const HISTORY_DAYS = 56;

/** A number 0–99 from an SQL text expression, the same on every run (md5, not random()). */
const bucket = (text: string) => `(('x' || substr(md5(${text}), 1, 6))::bit(24)::int % 100)`;

/**
 * Care after the match for the demo county (issue #15): about 60 % of the elders' recurring open
 * needs with a kin helper who offers the service are kin care the family arranged directly, and
 * about one in twenty of the others were matched to a neighbour of the same group by a run eight weeks
 * ago (its confirmed proposal kept) — each an ACTIVE agreement (mode KIN or NEIGHBOUR, signed by
 * the elder on paper or by thumbprint, the helper in the app, the village committee as witness)
 * started 8 weeks ago, an assignment and a MATCHED need — and 8 weeks of visit history: about
 * 94 % done (a tenth of helpers nearer 80 %), most confirmed and rated (mostly 4–5 stars, a few
 * 2–3), the last few days' partly unconfirmed, and the next two weeks scheduled. Everything is
 * derived from the county's ids by md5, so the same seed gives the same history. Returns the
 * agreements and visits written.
 */
export async function seedCareHistory(
  em: EntityManager,
  countyId: string,
  today: string,
): Promise<{ agreements: number; visits: number }> {
  const start = `($2::date - ${HISTORY_DAYS})`;
  await em.query(
    `CREATE TEMP TABLE seed_pair ON COMMIT DROP AS
     WITH candidate AS (
       SELECT n.id AS need_id, n.elder_id, h.id AS helper_id, h.weekly_minutes,
              (CASE n.recurrence WHEN 'DAILY' THEN 7 ELSE cardinality(n.weekdays) END) * n.minutes_per_occurrence AS weekly,
              row_number() OVER (PARTITION BY n.id ORDER BY r.kind DESC, r.kin_degree NULLS LAST, h.id) AS per_need
         FROM need n
         JOIN relationship r ON r.kind IN ('KIN', 'SPOUSE') AND n.elder_id IN (r.person_a_id, r.person_b_id)
         JOIN helper h ON h.person_id = CASE WHEN r.person_a_id = n.elder_id THEN r.person_b_id ELSE r.person_a_id END
        WHERE n.county_id = $1 AND n.status = 'OPEN' AND n.recurrence <> 'ONCE' AND n.service_type = ANY(h.service_types)
          AND h.active AND h.consent AND ${bucket("n.id::text || ':kin-care'")} < 60),
     per_helper AS (
       SELECT *, row_number() OVER (PARTITION BY helper_id ORDER BY need_id) AS nth FROM candidate WHERE per_need = 1),
     kin AS (
       SELECT need_id, elder_id, helper_id, weekly FROM per_helper WHERE nth = 1 AND weekly <= weekly_minutes),
     -- Pairs an earlier matching run proposed and the coordinator confirmed: a neighbour of the
     -- same group, for about one in twenty of the other recurring needs.
     neighbour_candidate AS (
       SELECT n.id AS need_id, n.elder_id, h.id AS helper_id, h.weekly_minutes,
              (CASE n.recurrence WHEN 'DAILY' THEN 7 ELSE cardinality(n.weekdays) END) * n.minutes_per_occurrence AS weekly,
              row_number() OVER (PARTITION BY n.id ORDER BY md5(n.id::text || h.id::text)) AS per_need
         FROM need n JOIN person e ON e.id = n.elder_id
         JOIN helper h ON h.region_id = e.region_id AND h.person_id IS NOT NULL AND h.person_id <> n.elder_id
        WHERE n.county_id = $1 AND n.status = 'OPEN' AND n.recurrence <> 'ONCE' AND n.service_type = ANY(h.service_types)
          AND h.active AND h.consent AND ${bucket("n.id::text || ':matched'")} < 5
          AND n.id NOT IN (SELECT need_id FROM kin) AND h.id NOT IN (SELECT helper_id FROM kin)
          AND NOT EXISTS (SELECT 1 FROM relationship r WHERE r.kind IN ('KIN', 'SPOUSE')
                            AND ((r.person_a_id = n.elder_id AND r.person_b_id = h.person_id)
                              OR (r.person_b_id = n.elder_id AND r.person_a_id = h.person_id)))),
     neighbour AS (
       SELECT *, row_number() OVER (PARTITION BY helper_id ORDER BY need_id) AS nth FROM neighbour_candidate WHERE per_need = 1)
     SELECT need_id, elder_id, helper_id, weekly, md5('agreement:' || need_id)::uuid AS agreement_id, 'KIN' AS care_mode
       FROM kin
     UNION ALL
     SELECT need_id, elder_id, helper_id, weekly, md5('agreement:' || need_id)::uuid, 'NEIGHBOUR'
       FROM neighbour WHERE nth = 1 AND weekly <= weekly_minutes`,
    [countyId],
  );
  await em.query(
    `UPDATE need SET status = 'MATCHED', status_reason_code = 'AGREEMENT_SIGNED', status_changed_at = ${start}::timestamptz,
                     unmet_since = NULL, start_date = least(start_date, ${start})
      WHERE id IN (SELECT need_id FROM seed_pair) AND $1::uuid IS NOT NULL`,
    [countyId, today],
  );
  await em.query(
    `INSERT INTO need_status_change (need_id, from_status, to_status, reason_code, actor, at)
     SELECT need_id, 'OPEN', 'MATCHED', 'AGREEMENT_SIGNED', 'seed', ${start}::timestamptz FROM seed_pair WHERE $1::uuid IS NOT NULL`,
    [countyId, today],
  );
  await em.query(
    `INSERT INTO assignment (id, county_id, need_id, helper_id, elder_id, weekly_minutes, status, started_at, created_by)
     SELECT md5('assignment:' || need_id)::uuid, $1, need_id, helper_id, elder_id, weekly, 'ACTIVE', ${start}::timestamptz, 'seed'
       FROM seed_pair`,
    [countyId, today],
  );
  // The matched pairs' run (one per village, eight weeks ago) and its confirmed proposals.
  await em.query(
    `INSERT INTO match_run (id, county_id, region_id, dry_run, status, progress, progress_message, requested_by,
                            created_at, started_at, finished_at, lease_until)
     SELECT DISTINCT md5('seed-run:' || r.path[3])::uuid, $1::uuid, r.path[3], false, 'SUCCEEDED'::match_run_status, 1,
            'seeded history', 'seed', ${start}::timestamptz - interval '1 day', ${start}::timestamptz - interval '1 day',
            ${start}::timestamptz - interval '1 day', ${start}::timestamptz - interval '1 day'
       FROM seed_pair s JOIN person e ON e.id = s.elder_id JOIN region r ON r.id = e.region_id
      WHERE s.care_mode = 'NEIGHBOUR'`,
    [countyId, today],
  );
  await em.query(
    `INSERT INTO match_proposal (id, run_id, county_id, region_id, need_id, helper_id, tier, cost, runners_up, status,
                                 decided_by, decided_at, assignment_id)
     SELECT md5('seed-proposal:' || s.need_id)::uuid, md5('seed-run:' || r.path[3])::uuid, $1, e.region_id, s.need_id,
            s.helper_id, 'NEIGHBOUR', '{"tier": 6, "distance": 0, "continuity": 0, "preference": 0, "reliability": 0, "workload": 0, "total": 6}'::jsonb,
            '[]'::jsonb, 'CONFIRMED', 'seed', ${start}::timestamptz - interval '12 hours', md5('assignment:' || s.need_id)::uuid
       FROM seed_pair s JOIN person e ON e.id = s.elder_id JOIN region r ON r.id = e.region_id
      WHERE s.care_mode = 'NEIGHBOUR'`,
    [countyId, today],
  );
  await em.query(
    `INSERT INTO care_agreement (id, county_id, region_id, elder_id, helper_id, care_mode, duties, start_date, review_date,
                                 status, created_by, created_at, updated_at)
     SELECT s.agreement_id, $1, p.region_id, s.elder_id, s.helper_id, s.care_mode,
            '[{"duty":"DAILY_CARE","text":"按约定时间上门照料，做饭、打扫、陪同"},{"duty":"EMOTIONAL_COMFORT","text":"经常陪老人说话，节假日团聚"}]'::jsonb,
            ${start}, ${start} + 180, 'ACTIVE', 'seed', ${start}::timestamptz, ${start}::timestamptz
       FROM seed_pair s JOIN person p ON p.id = s.elder_id`,
    [countyId, today],
  );
  await em.query(
    `INSERT INTO care_agreement_need (agreement_id, need_id) SELECT agreement_id, need_id FROM seed_pair WHERE $1::uuid IS NOT NULL`,
    [countyId],
  );
  await em.query(
    `INSERT INTO care_agreement_signature (agreement_id, party, channel, signer_name, recorded_by, scan_ref, witness_name, signed_at)
     SELECT s.agreement_id, 'ELDER', CASE WHEN ${bucket("s.agreement_id::text || ':thumb'")} < 40 THEN 'THUMBPRINT' ELSE 'PAPER' END,
            e.name, 'seed', 'scan/' || s.agreement_id || '.pdf',
            CASE WHEN ${bucket("s.agreement_id::text || ':thumb'")} < 40 THEN '村民小组长' END, ${start}::timestamptz
       FROM seed_pair s JOIN person e ON e.id = s.elder_id
     UNION ALL
     SELECT s.agreement_id, 'HELPER', 'APP', hp.name, 'seed', NULL, NULL, ${start}::timestamptz
       FROM seed_pair s JOIN helper h ON h.id = s.helper_id JOIN person hp ON hp.id = h.person_id
     UNION ALL
     SELECT s.agreement_id, 'WITNESS', 'APP', r.name || '村民委员会', 'seed', NULL, NULL, ${start}::timestamptz
       FROM seed_pair s JOIN person e ON e.id = s.elder_id JOIN region r ON r.id = e.region_id
      WHERE $1::uuid IS NOT NULL`,
    [countyId, today],
  );
  await em.query(
    `INSERT INTO care_agreement_change (agreement_id, from_status, to_status, actor, reason, at)
     SELECT agreement_id, NULL, 'DRAFT', 'seed', 'drafted', ${start}::timestamptz FROM seed_pair WHERE $1::uuid IS NOT NULL
     UNION ALL
     SELECT agreement_id, 'DRAFT', 'ACTIVE', 'seed', 'every party signed', ${start}::timestamptz + interval '1 second' FROM seed_pair`,
    [countyId, today],
  );
  const startDate = (await em.query(`SELECT ($1::date - ${HISTORY_DAYS})::text AS d`, [today]))[0].d as string;
  await scheduleVisits(em, startDate, { horizonDays: HISTORY_DAYS + 14 });
  await em.query(
    `WITH outcome AS (
       SELECT v.id, ${bucket("v.id::text || ':outcome'")} AS roll, ${bucket("v.id::text || ':rating'")} AS stars,
              ${bucket("v.helper_id::text || ':helper'")} < 10 AS shaky,
              ((v.scheduled_date + v.window_start) AT TIME ZONE 'Asia/Shanghai') AS window_start_at
         FROM visit v JOIN seed_pair s ON s.agreement_id = v.agreement_id WHERE v.scheduled_date < $2::date)
     UPDATE visit v SET
       status = CASE WHEN o.roll < CASE WHEN o.shaky THEN 20 ELSE 5 END THEN 'MISSED'
                     WHEN v.scheduled_date >= $2::date - 3 AND o.roll % 3 = 0 THEN 'DONE' ELSE 'VERIFIED' END,
       checked_in_at = CASE WHEN o.roll >= CASE WHEN o.shaky THEN 20 ELSE 5 END
                            THEN o.window_start_at + (o.roll % 15) * interval '1 minute' END,
       checked_out_at = CASE WHEN o.roll >= CASE WHEN o.shaky THEN 20 ELSE 5 END
                             THEN o.window_start_at + (o.roll % 15 + v.planned_minutes + o.stars % 11 - 5) * interval '1 minute' END,
       recorded_by = 'seed', entry_channel = 'APP',
       done_notes = CASE WHEN o.roll >= CASE WHEN o.shaky THEN 20 ELSE 5 END THEN '按约定完成服务' END
     FROM outcome o WHERE v.id = o.id AND $1::uuid IS NOT NULL`,
    [countyId, today],
  );
  await em.query(
    `WITH rated AS (SELECT v.id, ${bucket("v.id::text || ':rating'")} AS stars FROM visit v
                     JOIN seed_pair s ON s.agreement_id = v.agreement_id WHERE v.status = 'VERIFIED')
     UPDATE visit v SET rating = CASE WHEN r.stars < 2 THEN 2 WHEN r.stars < 8 THEN 3 WHEN r.stars < 40 THEN 4 ELSE 5 END,
                        rating_tags = CASE WHEN r.stars % 4 = 0 THEN ARRAY['准时'] WHEN r.stars % 4 = 1 THEN ARRAY['细心', '耐心'] ELSE '{}' END,
                        confirmed_at = v.checked_out_at + interval '2 hours', confirmed_by = 'seed',
                        verified_at = v.checked_out_at + interval '2 hours', verified_by = 'seed'
       FROM rated r WHERE v.id = r.id AND $1::uuid IS NOT NULL`,
    [countyId],
  );
  const [counts] = await em.query(
    `SELECT (SELECT count(*)::int FROM seed_pair) AS agreements,
            (SELECT count(*)::int FROM visit v JOIN seed_pair s ON s.agreement_id = v.agreement_id) AS visits`,
  );
  return counts;
}
