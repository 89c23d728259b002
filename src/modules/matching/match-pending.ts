import type { EntityManager } from 'typeorm';
import type { MatchInput } from '../../matching/types.ts';
import { AssignmentStatus } from '../assignment/assignment.enums.ts';
import { occurrencesPerWeek, UNMET_STATUSES_SQL } from '../need/need.enums.ts';
import type { Region } from '../region/region.entity.ts';
import { ProposalStatus } from './matching.enums.ts';

/**
 * What a run must know beyond its own region: capacity that pending proposals elsewhere have
 * promised (another township's night, another component's day), and which villages a focused
 * run's component reaches.
 */

/** A pending proposal's claim on its helper: the minutes it would take, and whether it would add an elder. */
export interface PendingLoad {
  helperId: string;
  needId: string;
  elderId: string;
  weeklyMinutes: number;
  /** The elder is not already one of the helper's (an active assignment): one more place taken. */
  newElder: boolean;
}

interface PendingRow {
  helper_id: string;
  need_id: string;
  elder_id: string;
  recurrence: string;
  weekdays: number[];
  minutes_per_occurrence: number;
  new_elder: boolean;
}

/**
 * Pending proposals for still-unmet needs naming any of `helperIds`, from live (not dry) runs.
 * Another township's nightly run, or a day-time run of another component, may have promised a
 * shared helper (a charity home serving two townships) to its own needs: until a coordinator
 * confirms or rejects those proposals, their minutes and places are not free.
 */
export async function loadPending(em: EntityManager, helperIds: string[]): Promise<PendingLoad[]> {
  const rows: PendingRow[] = await em.query(
    `SELECT mp.helper_id, mp.need_id, n.elder_id, n.recurrence, n.weekdays, n.minutes_per_occurrence,
            NOT EXISTS (SELECT 1 FROM assignment a WHERE a.helper_id = mp.helper_id AND a.elder_id = n.elder_id
                                                     AND a.status = '${AssignmentStatus.ACTIVE}') AS new_elder
       FROM match_proposal mp JOIN match_run r ON r.id = mp.run_id AND NOT r.dry_run JOIN need n ON n.id = mp.need_id
      WHERE mp.status = '${ProposalStatus.PROPOSED}' AND mp.helper_id = ANY($1) AND n.status IN ${UNMET_STATUSES_SQL}`,
    [helperIds],
  );
  return rows.map((row) => ({
    helperId: row.helper_id,
    needId: row.need_id,
    elderId: row.elder_id,
    weeklyMinutes: occurrencesPerWeek(row.recurrence, row.weekdays) * row.minutes_per_occurrence,
    newElder: row.new_elder,
  }));
}

/**
 * The input with every helper's load raised by what pending proposals for needs outside it have
 * promised (a run re-plans its own needs, so their pending proposals do not count). Pure.
 */
/** Per helper, what pending claims on needs outside `inside` take: minutes, and elders not already theirs. */
export function claimsElsewhere(
  pending: readonly PendingLoad[],
  inside: ReadonlySet<string>,
): Map<string, { minutes: number; elders: number }> {
  const minutes = new Map<string, number>();
  const elders = new Map<string, Set<string>>();
  for (const claim of pending) {
    if (inside.has(claim.needId)) continue;
    minutes.set(claim.helperId, (minutes.get(claim.helperId) ?? 0) + claim.weeklyMinutes);
    if (!claim.newElder) continue;
    let set = elders.get(claim.helperId);
    if (!set) elders.set(claim.helperId, (set = new Set()));
    set.add(claim.elderId);
  }
  return new Map(
    [...minutes].map(([helperId, total]) => [helperId, { minutes: total, elders: elders.get(helperId)?.size ?? 0 }]),
  );
}

export function reservePendingElsewhere(input: MatchInput, pending: readonly PendingLoad[]): MatchInput {
  const claims = claimsElsewhere(pending, new Set(input.needs.map((need) => need.id)));
  if (claims.size === 0) return input;
  return {
    ...input,
    helpers: input.helpers.map((helper) => {
      const claim = claims.get(helper.id);
      return claim
        ? {
            ...helper,
            committedMinutes: helper.committedMinutes + claim.minutes,
            committedElders: helper.committedElders + claim.elders,
          }
        : helper;
    }),
  };
}

/**
 * Villages (inside `township`) whose needs the person helpers `personIds` could also serve:
 * their own villages, and the villages of unmet needs of elders tied to them. A component grows
 * across villages only this way (a villager helps in their village and their own people anywhere).
 */
export async function villagesReachedBy(
  em: EntityManager,
  township: Region,
  helpers: readonly { personId: string; villageId: string | null }[],
): Promise<string[]> {
  const personIds = helpers.map((helper) => helper.personId);
  const tied: { village: string }[] = await em.query(
    `SELECT DISTINCT r.path[3]::text AS village
       FROM relationship t JOIN need n ON n.elder_id = CASE WHEN t.person_a_id = ANY($1) THEN t.person_b_id ELSE t.person_a_id END
       JOIN region r ON r.id = n.region_id
      WHERE (t.person_a_id = ANY($1) OR t.person_b_id = ANY($1)) AND n.status IN ${UNMET_STATUSES_SQL}
        AND $2 = ANY(r.path) AND cardinality(r.path) >= 3`,
    [personIds, township.id],
  );
  const own = helpers.flatMap((helper) => (helper.villageId ? [helper.villageId] : []));
  return [...new Set([...own, ...tied.map((row) => row.village)])];
}
