import type { EntityManager } from 'typeorm';

/** A number 0–99 from an SQL text expression, the same on every run (md5, not random()). */
const bucket = (text: string) => `(('x' || substr(md5(${text}), 1, 6))::bit(24)::int % 100)`;

/** Scores on the default 5-point scale: 4–5 each for a passing result; 2s (satisfaction 3) for a poor one. */
const scoresSql = (id: string, poor: string) => `CASE WHEN ${poor}
  THEN '{"hygiene": 2, "qualityOfLife": 2, "stateOfMind": 2, "satisfaction": 3, "safety": 2}'::jsonb
  ELSE jsonb_build_object(
    'hygiene', 4 + (${bucket(`${id} || ':h'`)} < 60)::int, 'qualityOfLife', 4 + (${bucket(`${id} || ':q'`)} < 50)::int,
    'stateOfMind', 4 + (${bucket(`${id} || ':m'`)} < 55)::int, 'satisfaction', 4 + (${bucket(`${id} || ':s'`)} < 70)::int,
    'safety', 4 + (${bucket(`${id} || ':f'`)} < 80)::int) END`;

/**
 * A year of supervision for the demo county (issue #16): each bottom-line or solitary elder's
 * household inspected by the township every quarter over the past year; each seeded kin-care
 * agreement inspected monthly over its eight weeks, and a quarter of them on this winter's
 * heating (SPECIAL). About 7 % are poor: each opened a rectification task and a follow-up — done
 * and passed when a week has gone by since, still open and planned otherwise. Derived by md5 from
 * the ids, so the same seed gives the same year. Returns the inspections written.
 */
export async function seedInspections(em: EntityManager, countyId: string, today: string): Promise<number> {
  await em.query(
    `CREATE TEMP TABLE seed_inspection ON COMMIT DROP AS
     SELECT md5('inspection:' || h.id || ':' || q)::uuid AS id, h.region_id, 'SCHEDULED' AS kind, NULL::text AS theme,
            NULL::uuid AS agreement_id, h.id AS household_id, NULL::uuid AS helper_id,
            $2::date - 365 + 91 * q + ${bucket("h.id::text || ':' || q")} % 20 AS day
       FROM household h CROSS JOIN generate_series(0, 3) q
      WHERE h.county_id = $1 AND EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND p.county_id = $1
                       AND p.birth_year <= extract(year FROM $2::date) - 60
                       AND (p.bottom_line_household OR p.lives_alone))
     UNION ALL
     SELECT md5('inspection:' || a.id || ':' || m)::uuid, a.region_id, 'SCHEDULED', NULL, a.id, NULL, a.helper_id,
            a.start_date + 27 * m + ${bucket("a.id::text || ':' || m")} % 3
       FROM care_agreement a CROSS JOIN generate_series(1, 2) m
      WHERE a.county_id = $1 AND a.status = 'ACTIVE'
     UNION ALL
     SELECT md5('inspection:' || a.id || ':winter')::uuid, a.region_id, 'SPECIAL', '冬季取暖', a.id, NULL, a.helper_id,
            $2::date - 1 - ${bucket("a.id::text || ':winter-day'")} % 10
       FROM care_agreement a
      WHERE a.county_id = $1 AND a.status = 'ACTIVE' AND ${bucket("a.id::text || ':winter'")} < 25`,
    [countyId, today],
  );
  const poor = `${bucket("s.id::text || ':poor'")} < 7`;
  const mean = (scores: string) =>
    `round(((${scores}->>'hygiene')::numeric + (${scores}->>'qualityOfLife')::numeric + (${scores}->>'stateOfMind')::numeric
            + (${scores}->>'satisfaction')::numeric + (${scores}->>'safety')::numeric) / 5, 2)`;
  const [{ count }] = await em.query(
    `WITH scored AS (
       SELECT s.*, ${poor} AS is_poor, ${scoresSql('s.id::text', poor)} AS scores
         FROM seed_inspection s WHERE s.day < $2::date),
     written AS (
       INSERT INTO inspection (id, county_id, region_id, kind, theme, agreement_id, household_id, helper_id, status,
                               inspected_at, inspector, scale_max, scores, score, poor, findings, created_by, created_at)
       SELECT s.id, $1, s.region_id, s.kind, s.theme, s.agreement_id, s.household_id, s.helper_id, 'DONE',
              (s.day + time '10:00') AT TIME ZONE 'Asia/Shanghai', 'seed:township', 5, s.scores, ${mean('s.scores')},
              s.is_poor, CASE WHEN s.is_poor THEN '室内卫生差，老人衣物未及时清洗' ELSE '情况良好' END, 'seed',
              (s.day + time '10:00') AT TIME ZONE 'Asia/Shanghai'
         FROM scored s
       RETURNING id)
     SELECT count(*)::int FROM written`,
    [countyId, today],
  );
  // Each poor result: its task, and its follow-up (passed a week later, or still to come).
  await em.query(
    `INSERT INTO rectification_task (id, county_id, region_id, inspection_id, agreement_id, household_id, helper_id,
                                     due_date, status, closed_at, closed_by, closing_note, created_at)
     SELECT md5('task:' || i.id)::uuid, i.county_id, i.region_id, i.id, i.agreement_id, i.household_id, i.helper_id,
            (i.inspected_at AT TIME ZONE 'Asia/Shanghai')::date + 14,
            CASE WHEN (i.inspected_at AT TIME ZONE 'Asia/Shanghai')::date + 7 < $2::date THEN 'DONE' ELSE 'OPEN' END,
            CASE WHEN (i.inspected_at AT TIME ZONE 'Asia/Shanghai')::date + 7 < $2::date THEN i.inspected_at + interval '7 days' END,
            CASE WHEN (i.inspected_at AT TIME ZONE 'Asia/Shanghai')::date + 7 < $2::date THEN 'seed:township' END,
            CASE WHEN (i.inspected_at AT TIME ZONE 'Asia/Shanghai')::date + 7 < $2::date THEN 'the follow-up inspection passed' END,
            i.inspected_at
       FROM inspection i WHERE i.county_id = $1 AND i.poor`,
    [countyId, today],
  );
  await em.query(
    `INSERT INTO inspection (id, county_id, region_id, kind, agreement_id, household_id, helper_id, follow_up_of, status,
                             due_date, inspected_at, inspector, scale_max, scores, score, poor, findings, created_by, created_at)
     SELECT md5('follow-up:' || i.id)::uuid, i.county_id, i.region_id, 'FOLLOW_UP', i.agreement_id, i.household_id, i.helper_id, i.id,
            CASE WHEN done THEN 'DONE' ELSE 'PLANNED' END, d + 7,
            CASE WHEN done THEN i.inspected_at + interval '7 days' END, CASE WHEN done THEN 'seed:township' END,
            CASE WHEN done THEN 5 END,
            CASE WHEN done THEN '{"hygiene": 4, "qualityOfLife": 4, "stateOfMind": 4, "satisfaction": 4, "safety": 5}'::jsonb END,
            CASE WHEN done THEN 4.2 END, CASE WHEN done THEN false END, CASE WHEN done THEN '复查：卫生已改善' END,
            'seed', i.inspected_at
       FROM (SELECT i.*, (i.inspected_at AT TIME ZONE 'Asia/Shanghai')::date AS d,
                    (i.inspected_at AT TIME ZONE 'Asia/Shanghai')::date + 7 < $2::date AS done
               FROM inspection i WHERE i.county_id = $1 AND i.poor) i`,
    [countyId, today],
  );
  const [{ followUps }] = await em.query(
    `SELECT count(*) FILTER (WHERE status = 'DONE')::int AS "followUps" FROM inspection WHERE county_id = $1 AND kind = 'FOLLOW_UP'`,
    [countyId],
  );
  return count + followUps;
}
