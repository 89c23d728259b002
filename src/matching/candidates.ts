import { distanceKm } from './geo.ts';
import type { MatchHelper, MatchNeed, MatchPolicy, MatchTie, RunnerUpReason, Slot, Tier } from './types.ts';

export interface Candidate {
  helper: MatchHelper;
  tier: Tier;
  distanceKm: number;
  preferred: boolean;
  continuity: boolean;
}

export interface Rejection {
  helper: MatchHelper;
  tier: Tier | null;
  reason: RunnerUpReason;
}

export interface NeedCandidates {
  need: MatchNeed;
  candidates: Candidate[];
  /** Helpers offering the service who were ruled out, with why (for explanations and unmet reasons). */
  rejections: Rejection[];
}

/** Ties as a lookup from person to person. */
export class TieIndex {
  private readonly ties = new Map<string, Map<string, MatchTie[]>>();

  constructor(ties: MatchTie[]) {
    for (const tie of ties) {
      this.add(tie.a, tie.b, tie);
      this.add(tie.b, tie.a, tie);
    }
  }

  private add(from: string, to: string, tie: MatchTie): void {
    let byOther = this.ties.get(from);
    if (!byOther) this.ties.set(from, (byOther = new Map()));
    const list = byOther.get(to);
    if (list) list.push(tie);
    else byOther.set(to, [tie]);
  }

  between(a: string, b: string): MatchTie[] {
    return this.ties.get(a)?.get(b) ?? [];
  }

  /** Everyone tied to `a`. */
  others(a: string): Iterable<string> {
    return this.ties.get(a)?.keys() ?? [];
  }
}

/**
 * Where to look for a need's helpers: villagers of the elder's village, people tied to the
 * elder wherever they live, and organisations serving a region on the elder's path. Anyone
 * else has no ring, so scanning them would only cost time (quadratic at county scale).
 */
export class HelperIndex {
  private readonly byVillage = new Map<string, MatchHelper[]>();
  private readonly byServedRegion = new Map<string, MatchHelper[]>();
  private readonly byPerson = new Map<string, MatchHelper>();
  private readonly byId = new Map<string, MatchHelper>();

  constructor(
    helpers: MatchHelper[],
    private readonly ties: TieIndex,
  ) {
    const push = (map: Map<string, MatchHelper[]>, key: string, helper: MatchHelper) => {
      const list = map.get(key);
      if (list) list.push(helper);
      else map.set(key, [helper]);
    };
    for (const helper of [...helpers].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      for (const service of helper.serviceTypes) {
        if (helper.personId && helper.villageId) push(this.byVillage, `${helper.villageId}|${service}`, helper);
        for (const region of helper.servesRegionIds) push(this.byServedRegion, `${region}|${service}`, helper);
      }
      if (helper.personId) this.byPerson.set(helper.personId, helper);
      this.byId.set(helper.id, helper);
    }
  }

  /** Helpers offering the need's service who might reach it, each once, in id order. */
  for(need: MatchNeed): MatchHelper[] {
    const found = new Map<string, MatchHelper>();
    for (const helper of this.byVillage.get(`${need.villageId}|${need.serviceType}`) ?? [])
      found.set(helper.id, helper);
    for (const region of need.regionPath)
      for (const helper of this.byServedRegion.get(`${region}|${need.serviceType}`) ?? []) found.set(helper.id, helper);
    for (const person of this.ties.others(need.elderId)) {
      const helper = this.byPerson.get(person);
      if (helper && helper.serviceTypes.includes(need.serviceType)) found.set(helper.id, helper);
    }
    for (const id of need.pledgedHelperIds ?? []) {
      const helper = this.byId.get(id);
      if (helper) found.set(helper.id, helper);
    }
    return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }
}

/** The nearest ring that joins elder and helper, or null when none does. */
export function tierOf(need: MatchNeed, helper: MatchHelper, ties: TieIndex, policy: MatchPolicy): Tier | null {
  if (pledged(need, helper)) return 'ORGANISATION';
  if (helper.personId) {
    const between = ties.between(need.elderId, helper.personId);
    if (between.some((t) => t.kind === 'SPOUSE' || (t.kind === 'KIN' && (t.degree ?? 99) <= policy.maxKinDegree)))
      return 'KIN';
    if (between.some((t) => t.kind === 'CADRE_PAIRING')) return 'CADRE';
    if (between.some((t) => t.kind === 'NEIGHBOUR' || t.kind === 'FRIEND')) return 'NEIGHBOUR';
    if (need.groupId !== null && helper.groupId === need.groupId) return 'NEIGHBOUR';
    if (helper.villageId === need.villageId) return 'VILLAGE';
  }
  if (helper.servesRegionIds.some((id) => need.regionPath.includes(id))) return 'ORGANISATION';
  return null;
}

/** The helper is free, inside the need's window, for as long as one occurrence takes. */
function slotCovered(slot: Slot, minutes: number, availability: Slot[]): boolean {
  return availability.some(
    (a) => a.weekday === slot.weekday && Math.min(a.end, slot.end) - Math.max(a.start, slot.start) >= minutes,
  );
}

/**
 * An organisation that serves the whole county (the county medical-care centre, a county
 * volunteer association) is the last resort, not a ring candidate: its places go to what the
 * rings leave unmet, most urgent first (safety-net.ts). Keeping it out of the assignment model
 * also keeps the model in village-sized pieces instead of one county-wide block.
 */
export function isCountyWide(helper: MatchHelper, need: MatchNeed): boolean {
  return helper.personId === null && helper.servesRegionIds.includes(need.regionPath[0]) && !pledged(need, helper);
}

/** A charity that pledged support for this very need. */
function pledged(need: MatchNeed, helper: MatchHelper): boolean {
  return need.pledgedHelperIds?.includes(helper.id) ?? false;
}

export function windowsFit(need: MatchNeed, helper: MatchHelper): boolean {
  return need.slots.every((slot) => slotCovered(slot, need.minutesPerOccurrence, helper.availability));
}

export function certificatesValid(need: MatchNeed, helper: MatchHelper, today: string): boolean {
  return need.certificates.every((kind) => helper.certificates.some((c) => c.kind === kind && c.expiresOn > today));
}

/** Kilometres between them, 0 when either has no coordinates (then the ring decides). */
function distanceBetween(need: MatchNeed, helper: MatchHelper): number {
  return need.location && helper.location ? distanceKm(need.location, helper.location) : 0;
}

/**
 * Kin come from wherever they live (family travel is the family's own choice); organisations
 * reach what they serve; everyone else within their travel radius, or without coordinates
 * within the elder's village.
 */
function reachable(need: MatchNeed, helper: MatchHelper, tier: Tier, distance: number): boolean {
  if (tier === 'ORGANISATION' && helper.organisationId) return true;
  if (tier === 'KIN') return true;
  if (need.location && helper.location) return distance <= helper.travelRadiusKm;
  return helper.villageId === need.villageId;
}

export function remainingMinutes(helper: MatchHelper): number {
  return Math.max(helper.weeklyMinutes - helper.committedMinutes, 0);
}

export function remainingElders(helper: MatchHelper): number {
  return Math.max(helper.maxElders - helper.committedElders, 0);
}

/**
 * Who may serve `need`, with their ring; and who offers the service but may not, with why.
 */
export function candidatesFor(
  need: MatchNeed,
  helpers: HelperIndex,
  ties: TieIndex,
  policy: MatchPolicy,
  today: string,
): NeedCandidates {
  const candidates: Candidate[] = [];
  const rejections: Rejection[] = [];
  for (const helper of helpers.for(need)) {
    if (helper.personId === need.elderId || need.assignedHelperIds.includes(helper.id) || isCountyWide(helper, need))
      continue;
    const tier = tierOf(need, helper, ties, policy);
    if (tier === null) continue;
    const reject = (reason: RunnerUpReason) => rejections.push({ helper, tier, reason });
    const distance = distanceBetween(need, helper);
    if (need.refusedHelperIds.includes(helper.id)) reject('REFUSED');
    else if (helper.suspended) reject('SUSPENDED');
    else if (!helper.active || !helper.consent) reject('UNAVAILABLE');
    else if (!reachable(need, helper, tier, distance)) reject('DISTANCE');
    else if (!certificatesValid(need, helper, today)) reject('CERTIFICATE');
    else if (!windowsFit(need, helper)) reject('WINDOW');
    else if (
      remainingMinutes(helper) < need.weeklyMinutes ||
      (remainingElders(helper) < 1 && !need.currentHelperIds.includes(helper.id))
    )
      reject('CAPACITY_FULL');
    else {
      candidates.push({
        helper,
        tier,
        distanceKm: distance,
        preferred: need.preferredHelperIds.includes(helper.id),
        continuity: need.currentHelperIds.includes(helper.id),
      });
    }
  }
  return { need, candidates, rejections };
}
