import type { Candidate } from './candidates.ts';
import type { MatchNeed, MatchPolicy, WorkloadPiece } from './types.ts';

/** The parts of an arc's cost that do not depend on what else the helper takes. */
export interface StaticCost {
  tier: number;
  distance: number;
  continuity: number;
  preference: number;
  /** Organisations pay a flat price per minute instead of the convex person penalty. */
  organisation: number;
  total: number;
}

export function staticCost(need: MatchNeed, candidate: Candidate, policy: MatchPolicy): StaticCost {
  const tier = policy.tierCost[candidate.tier];
  // Kin pay no distance: a son in town is still the first to ask (kin first, whatever the kilometres).
  const distance = candidate.tier === 'KIN' ? 0 : Math.round(candidate.distanceKm * policy.perKm * 100) / 100;
  const continuity = candidate.continuity ? -policy.continuityBonus : 0;
  const preference = candidate.preferred ? -policy.preferenceBonus : 0;
  const organisation = candidate.helper.personId ? 0 : need.weeklyMinutes * policy.organisationPerMinute;
  return {
    tier,
    distance,
    continuity,
    preference,
    organisation,
    total: tier + distance + continuity + preference + organisation,
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
