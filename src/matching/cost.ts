import type { Candidate } from './candidates.ts';
import type { MatchHelper, MatchNeed, MatchPolicy, WorkloadPiece } from './types.ts';

/** The parts of an arc's cost that do not depend on what else the helper takes. */
export interface StaticCost {
  tier: number;
  distance: number;
  continuity: number;
  preference: number;
  reliability: number;
  /** Organisations pay a flat price per minute instead of the convex person penalty. */
  organisation: number;
  total: number;
}

/** What a helper's record is taken to be for a usual, good helper: their record costs nothing. */
export const USUAL_RELIABILITY = 0.9;

/**
 * The helper's record in the cost: weight × (0.9 − score), score = mean of the parts the record
 * has: the share of due visits done, the stars' share ((stars − 1) / 4) and the inspections' mean
 * score as a share of the scale (issue #16). A helper with no history costs 0: neither rewarded
 * nor punished. Rounded to cents.
 */
export function reliabilityCost(helper: MatchHelper, policy: MatchPolicy): number {
  const record = helper.reliability;
  if (!record || policy.reliabilityWeight === 0) return 0;
  const parts = [
    record.doneShare,
    record.meanRating === null ? null : (record.meanRating - 1) / 4,
    record.inspectionShare ?? null,
  ].filter((part): part is number => part !== null);
  if (parts.length === 0) return 0;
  const score = parts.reduce((sum, part) => sum + part, 0) / parts.length;
  return Math.round(policy.reliabilityWeight * (USUAL_RELIABILITY - score) * 100) / 100;
}

export function staticCost(need: MatchNeed, candidate: Candidate, policy: MatchPolicy): StaticCost {
  const tier = policy.tierCost[candidate.tier];
  // Kin pay no distance: a son in town is still the first to ask (kin first, whatever the kilometres).
  const distance = candidate.tier === 'KIN' ? 0 : Math.round(candidate.distanceKm * policy.perKm * 100) / 100;
  const continuity = candidate.continuity ? -policy.continuityBonus : 0;
  const preference = candidate.preferred ? -policy.preferenceBonus : 0;
  const organisation = candidate.helper.personId ? 0 : need.weeklyMinutes * policy.organisationPerMinute;
  const reliability = reliabilityCost(candidate.helper, policy);
  return {
    tier,
    distance,
    continuity,
    preference,
    reliability,
    organisation,
    total: tier + distance + continuity + preference + reliability + organisation,
  };
}

export interface Segment {
  /** Minutes available in this piece, after what the helper has already committed. */
  width: number;
  perMinute: number;
}

/** The convex workload pieces still open for a helper with `committed` of `capacity` minutes. */
export function workloadSegments(capacity: number, committed: number, pieces: WorkloadPiece[]): Segment[] {
  const segments: Segment[] = [];
  let lower = 0;
  for (const piece of pieces) {
    const upper = piece.upToShare * capacity;
    const width = Math.max(0, upper - Math.max(committed, lower));
    if (width > 0) segments.push({ width, perMinute: piece.perMinute });
    lower = upper;
  }
  return segments;
}

/** Penalty of a load of `minutes` on a helper with `capacity` minutes, by the convex pieces. */
export function workloadPenalty(capacity: number, minutes: number, pieces: WorkloadPiece[]): number {
  let penalty = 0;
  let lower = 0;
  for (const piece of pieces) {
    const upper = piece.upToShare * capacity;
    penalty += Math.max(0, Math.min(minutes, upper) - lower) * piece.perMinute;
    lower = upper;
  }
  return penalty;
}

/** What one unfound helper costs a need: always more than any assignment could. */
export function unmetPenalty(priority: number, policy: MatchPolicy, floor: number): number {
  return Math.max(policy.unmetBase, floor) + policy.unmetPerPriority * Math.max(priority, 0);
}
