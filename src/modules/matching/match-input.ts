import { SUSPENDED_HELPERS_SQL } from '../complaint/helper-suspension.ts';
import { helperRecords, reliabilityOf } from '../visit/reliability.ts';
import type { EntityManager } from 'typeorm';
import { minutesOfDay } from '../../common/time.ts';
import { withPolicyDefaults } from '../../matching/policy.ts';
import type { MatchHelper, MatchInput, MatchNeed, MatchPolicy, MatchTie, Slot } from '../../matching/types.ts';
import { SERVICE_TYPES, type ServiceType } from '../catalogue/service-type.enum.ts';
import { occurrencesPerWeek, UNMET_STATUSES_SQL } from '../need/need.enums.ts';
import { ORGANISATIONS_SERVING } from '../organisation/organisation.service.ts';
import { elderNeedPriority, weightsWithDefaults, type PriorityWeights } from '../policy/priority.ts';
import type { SelfCareLevel } from '../person/person.enums.ts';
import type { Region } from '../region/region.entity.ts';
import { AssignmentStatus } from '../assignment/assignment.enums.ts';
import { PledgeStatus } from '../public-need/pledge.entity.ts';
import { loadPending, type PendingLoad } from './match-pending.ts';
import { ProposalStatus } from './matching.enums.ts';

/**
 * Reads everything the engine needs for one region from PostgreSQL, in a fixed number of
 * statements whatever the region's size, and turns rows into the engine's plain shapes.
 */
interface NeedRow {
  id: string;
  elder_id: string;
  service_type: ServiceType;
  minutes_per_occurrence: number;
  recurrence: string;
  weekdays: number[];
  window_start: string;
  window_end: string;
  start_date: string;
  helpers_needed: number;
  required_certificate: string | null;
  unmet_since: Date | null;
  birth_year: number;
  self_care_level: string | null;
  lives_alone: boolean;
  bottom_line_household: boolean;
  disability: string;
  path: string[];
  kind: string;
  latitude: number | null;
  longitude: number | null;
}

interface HelperRow {
  id: string;
  person_id: string | null;
  organisation_id: string | null;
  path: string[];
  kind: string;
  latitude: number | null;
  longitude: number | null;
  travel_radius_km: number;
  service_types: string[];
  weekly_minutes: number;
  max_elders: number;
  daily_occurrences: number | null;
  active: boolean;
  suspended: boolean;
  consent: boolean;
  committed_minutes: number;
  committed_elders: number;
}

export interface LoadedInput {
  input: MatchInput;
  /** Region of each need (for proposals and unmet rows). */
  needRegion: Map<string, string>;
  /** Pending proposals (of live runs) that name a loaded helper: capacity promised elsewhere. */
  pending: PendingLoad[];
}

function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

function slotsOf(row: NeedRow): Slot[] {
  const start = minutesOfDay(row.window_start);
  const end = minutesOfDay(row.window_end);
  const days =
    row.recurrence === 'DAILY'
      ? [1, 2, 3, 4, 5, 6, 7]
      : row.recurrence === 'WEEKLY'
        ? row.weekdays
        : [isoWeekday(row.start_date)];
  return days.map((weekday) => ({ weekday, start, end }));
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/** Village and group of a region path (county, township, village[, group]). */
function placeOf(path: string[], kind: string): { villageId: string | null; groupId: string | null } {
  if (kind === 'GROUP') return { villageId: path[path.length - 2], groupId: path[path.length - 1] };
  if (kind === 'VILLAGE') return { villageId: path[path.length - 1], groupId: null };
  return { villageId: null, groupId: null };
}

/**
 * `villages`, when given, narrows the region to those villages (their needs, and the villagers
 * who help there; helpers tied to the elders and organisations are found as always): a focused
 * run loads the villages its component reaches rather than the whole township.
 */
export async function loadMatchInput(
  em: EntityManager,
  scope: Region,
  today: string,
  villages: readonly string[] | null = null,
): Promise<LoadedInput> {
  const policyRows: { priority_weights: PriorityWeights | null; matching: Partial<MatchPolicy> | null }[] =
    await em.query('SELECT priority_weights, matching FROM county_policy WHERE county_id = $1', [scope.countyId]);
  const weights = weightsWithDefaults(policyRows[0]?.priority_weights);
  const policy: MatchPolicy = withPolicyDefaults(policyRows[0]?.matching);

  const needRows: NeedRow[] = await em.query(
    `SELECT n.id, n.elder_id, n.service_type, n.minutes_per_occurrence, n.recurrence, n.weekdays, n.window_start::text, n.window_end::text,
            n.start_date::text, n.helpers_needed, n.required_certificate, n.unmet_since, p.birth_year, p.self_care_level, p.lives_alone,
            p.bottom_line_household, p.disability, r.path, r.kind,
            coalesce(hh.latitude, r.latitude, v.latitude) AS latitude, coalesce(hh.longitude, r.longitude, v.longitude) AS longitude
       FROM need n JOIN person p ON p.id = n.elder_id JOIN region r ON r.id = n.region_id
       LEFT JOIN household hh ON hh.id = p.household_id LEFT JOIN region v ON v.id = r.parent_id AND r.kind = 'GROUP'
      WHERE n.status IN ${UNMET_STATUSES_SQL} AND $1 = ANY(r.path) AND ($2::uuid[] IS NULL OR r.path && $2::uuid[])
      ORDER BY n.id`,
    [scope.id, villages],
  );
  const needIds = needRows.map((n) => n.id);
  const elderIds = [...new Set(needRows.map((n) => n.elder_id))];
  const [preferences, assignments] = (await Promise.all([
    // A helper a coordinator rejected for a need is, for that need, as good as refused; one the
    // elder barred on ending an agreement, for all the elder's needs until the elder allows it.
    em.query(
      `SELECT need_id, helper_id, preferred FROM need_helper_preference WHERE need_id = ANY($1)
              UNION SELECT need_id, helper_id, false FROM match_proposal WHERE need_id = ANY($1) AND status = '${ProposalStatus.REJECTED}'
              UNION SELECT n.id, x.helper_id, false FROM need n
                      JOIN elder_helper_exclusion x ON x.elder_id = n.elder_id AND x.lifted_at IS NULL
                     WHERE n.id = ANY($1)`,
      [needIds],
    ),
    em.query(
      `SELECT need_id, helper_id, elder_id FROM assignment WHERE status = '${AssignmentStatus.ACTIVE}' AND elder_id = ANY($1)`,
      [elderIds],
    ),
  ])) as [
    { need_id: string; helper_id: string; preferred: boolean }[],
    { need_id: string; helper_id: string; elder_id: string }[],
  ];

  // Charities' pledges: their organisation's helper becomes a candidate for the pledged need,
  // with the pledged minutes (and a place for the elder) added to its capacity.
  const pledges: { need_id: string; helper_id: string }[] = await em.query(
    `SELECT p.need_id, h.id AS helper_id FROM charity_pledge p JOIN helper h ON h.organisation_id = p.organisation_id
      WHERE p.status = '${PledgeStatus.ACTIVE}' AND p.need_id = ANY($1) ORDER BY p.need_id, h.id`,
    [needIds],
  );
  const orgServing = ORGANISATIONS_SERVING.replace(/:rid/g, '$1').replace(/:rpath/g, '$2');
  const helperRows: HelperRow[] = await em.query(
    `WITH chosen AS (
       SELECT h.id FROM helper h JOIN region r ON r.id = h.region_id
        WHERE $1 = ANY(r.path) AND ($5::uuid[] IS NULL OR r.path && $5::uuid[])
       UNION SELECT h.id FROM helper h WHERE h.organisation_id IN (${orgServing})
       UNION SELECT unnest($4::uuid[])
       UNION SELECT h.id FROM helper h JOIN relationship t ON (t.person_a_id = h.person_id AND t.person_b_id = ANY($3))
                                                          OR (t.person_b_id = h.person_id AND t.person_a_id = ANY($3))
     )
     SELECT h.id, h.person_id, h.organisation_id, r.path, r.kind, h.travel_radius_km, h.service_types::text[],
            -- Where the helper starts from: their stated point, else their house, else their region's centre.
            coalesce(h.latitude, hh.latitude, r.latitude) AS latitude, coalesce(h.longitude, hh.longitude, r.longitude) AS longitude,
            -- A helper suspended after an upheld serious complaint is not proposed until a coordinator reviews it.
            h.weekly_minutes, h.max_elders, h.daily_occurrences, h.active, h.id IN (${SUSPENDED_HELPERS_SQL}) AS suspended, h.consent,
            coalesce(a.minutes, 0)::int AS committed_minutes, coalesce(a.elders, 0)::int AS committed_elders
       FROM helper h JOIN chosen c ON c.id = h.id JOIN region r ON r.id = h.region_id
       LEFT JOIN person hp ON hp.id = h.person_id LEFT JOIN household hh ON hh.id = hp.household_id
       LEFT JOIN (SELECT helper_id, sum(weekly_minutes) AS minutes, count(DISTINCT elder_id) AS elders
                    FROM assignment WHERE status = '${AssignmentStatus.ACTIVE}' GROUP BY helper_id) a ON a.helper_id = h.id
      ORDER BY h.id`,
    [scope.id, scope.path, elderIds, [...new Set(pledges.map((p) => p.helper_id))], villages],
  );
  const helperIds = helperRows.map((h) => h.id);
  // Each helper's record of visits, stars and inspections: a cost term (none without history).
  const records = await helperRecords(em, helperIds, today);
  const personIds = helperRows.flatMap((h) => (h.person_id ? [h.person_id] : []));
  const orgIds = helperRows.flatMap((h) => (h.organisation_id ? [h.organisation_id] : []));
  const [windows, certificates, areas, ties] = (await Promise.all([
    em.query(
      'SELECT helper_id, weekday, window_start::text, window_end::text FROM helper_availability WHERE helper_id = ANY($1)',
      [helperIds],
    ),
    em.query(
      'SELECT helper_id, kind, expires_on::text FROM certificate WHERE helper_id = ANY($1) AND expires_on > $2',
      [helperIds, today],
    ),
    em.query('SELECT organisation_id, region_id FROM organisation_service_area WHERE organisation_id = ANY($1)', [
      orgIds,
    ]),
    em.query(
      `SELECT person_a_id AS a, person_b_id AS b, kind, kin_degree AS degree FROM relationship
        WHERE (person_a_id = ANY($1) AND person_b_id = ANY($2)) OR (person_b_id = ANY($1) AND person_a_id = ANY($2))`,
      [elderIds, personIds],
    ),
  ])) as [
    { helper_id: string; weekday: number; window_start: string; window_end: string }[],
    { helper_id: string; kind: string; expires_on: string }[],
    { organisation_id: string; region_id: string }[],
    MatchTie[],
  ];

  const windowsOf = groupBy(windows, (w) => w.helper_id);
  const certificatesOf = groupBy(certificates, (c) => c.helper_id);
  const areasOf = groupBy(areas, (a) => a.organisation_id);
  const preferencesOf = groupBy(preferences, (p) => p.need_id);
  const assignedToNeed = groupBy(assignments, (a) => a.need_id);
  const assignedToElder = groupBy(assignments, (a) => a.elder_id);
  const now = new Date();

  const pledgesOf = groupBy(pledges, (p) => p.need_id);
  const needs: MatchNeed[] = needRows.map((row) => {
    const place = placeOf(row.path, row.kind);
    const priority = elderNeedPriority(
      {
        selfCareLevel: row.self_care_level as SelfCareLevel | null,
        livesAlone: row.lives_alone,
        bottomLineHousehold: row.bottom_line_household,
        disability: row.disability,
        birthYear: row.birth_year,
      },
      row.unmet_since,
      weights,
      now,
    ).score;
    const assigned = (assignedToNeed.get(row.id) ?? []).map((a) => a.helper_id);
    const certificateToOffer = SERVICE_TYPES[row.service_type]?.certificateToOffer;
    return {
      id: row.id,
      elderId: row.elder_id,
      serviceType: row.service_type,
      certificates: [...new Set([row.required_certificate, certificateToOffer].filter((c): c is string => Boolean(c)))],
      slots: slotsOf(row),
      onDate: row.recurrence === 'ONCE' ? row.start_date : null,
      minutesPerOccurrence: row.minutes_per_occurrence,
      weeklyMinutes: occurrencesPerWeek(row.recurrence, row.weekdays) * row.minutes_per_occurrence,
      helpersWanted: Math.max(row.helpers_needed - assigned.length, 0),
      priority,
      regionPath: row.path,
      villageId: place.villageId ?? row.path[row.path.length - 1],
      groupId: place.groupId,
      location:
        row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude } : null,
      preferredHelperIds: (preferencesOf.get(row.id) ?? []).filter((p) => p.preferred).map((p) => p.helper_id),
      refusedHelperIds: (preferencesOf.get(row.id) ?? []).filter((p) => !p.preferred).map((p) => p.helper_id),
      currentHelperIds: [...new Set((assignedToElder.get(row.elder_id) ?? []).map((a) => a.helper_id))],
      assignedHelperIds: assigned,
      pledgedHelperIds: (pledgesOf.get(row.id) ?? []).map((p) => p.helper_id),
    };
  });

  const helpers: MatchHelper[] = helperRows.map((row) => {
    const place = placeOf(row.path, row.kind);
    return {
      id: row.id,
      personId: row.person_id,
      organisationId: row.organisation_id,
      regionPath: row.path,
      ...place,
      location:
        row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude } : null,
      travelRadiusKm: row.travel_radius_km,
      serviceTypes: row.service_types,
      certificates: (certificatesOf.get(row.id) ?? []).map((c) => ({ kind: c.kind, expiresOn: c.expires_on })),
      availability: (windowsOf.get(row.id) ?? []).map((w) => ({
        weekday: w.weekday,
        start: minutesOfDay(w.window_start),
        end: minutesOfDay(w.window_end),
      })),
      weeklyMinutes: row.weekly_minutes,
      maxElders: row.max_elders,
      dailyOccurrences: row.daily_occurrences,
      committedMinutes: row.committed_minutes,
      committedElders: row.committed_elders,
      active: row.active,
      suspended: row.suspended,
      consent: row.consent,
      servesRegionIds: row.organisation_id ? (areasOf.get(row.organisation_id) ?? []).map((a) => a.region_id) : [],
      memberOfOrganisationIds: [],
      reliability: reliabilityOf(records.get(row.id)),
    };
  });
  await addPledgedCapacity(em, helpers, needs, pledges);
  return {
    input: { today, policy, needs, helpers, ties, priorityBands: weights.bands },
    needRegion: new Map(needRows.map((row) => [row.id, row.path[row.path.length - 1]])),
    pending: await loadPending(em, helperIds),
  };
}

/**
 * Pledges are the charity helper's capacity: every active pledge of its organisation adds its
 * minutes and a place (those already served included, as their assignments count as load);
 * a pledged need of this run adds its service and windows.
 */
async function addPledgedCapacity(
  em: EntityManager,
  helpers: MatchHelper[],
  needs: MatchNeed[],
  pledges: { need_id: string; helper_id: string }[],
): Promise<void> {
  if (pledges.length === 0) return;
  const helperById = new Map(helpers.map((h) => [h.id, h]));
  const totals: { helper_id: string; minutes: number; places: number }[] = await em.query(
    `SELECT h.id AS helper_id, sum(p.weekly_minutes)::int AS minutes, count(*)::int AS places
       FROM charity_pledge p JOIN helper h ON h.organisation_id = p.organisation_id
      WHERE p.status = '${PledgeStatus.ACTIVE}' AND h.id = ANY($1) GROUP BY h.id`,
    [[...new Set(pledges.map((p) => p.helper_id))]],
  );
  for (const total of totals) {
    const helper = helperById.get(total.helper_id);
    if (!helper) continue;
    helper.weeklyMinutes += total.minutes;
    helper.maxElders += total.places;
  }
  const needById = new Map(needs.map((n) => [n.id, n]));
  for (const pledge of pledges) {
    const helper = helperById.get(pledge.helper_id);
    const need = needById.get(pledge.need_id);
    if (!helper || !need) continue;
    if (!helper.serviceTypes.includes(need.serviceType))
      helper.serviceTypes = [...helper.serviceTypes, need.serviceType];
    helper.availability = [...helper.availability, ...need.slots];
  }
}
