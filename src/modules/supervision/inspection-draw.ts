import crypto from 'node:crypto';
import type { DrawCandidate } from './supervision.entity.ts';

/** Risk facts of an agreement at the moment of a draw. */
export interface RiskFacts {
  agreementId: string;
  missedVisits: number;
  lowRatings: number;
  dependentAlone: boolean;
}

/** Days of history a draw weighs. */
export const DRAW_HISTORY_DAYS = 30;

/**
 * The weight of an agreement in a draw: 1, plus 2 for each visit missed and each rating of 2
 * stars or less in the last 30 days, plus 3 when the elder is dependent and lives alone.
 */
export function riskWeight(facts: RiskFacts): number {
  return 1 + 2 * facts.missedVisits + 2 * facts.lowRatings + (facts.dependentAlone ? 3 : 0);
}

/** A uniform number in (0, 1) from the seed and the agreement: the same pair, the same number. */
function uniform(seed: string, agreementId: string): number {
  const digest = crypto.createHash('sha256').update(`${seed}:${agreementId}`).digest();
  // 52 bits, shifted off zero.
  const bits = digest.readUIntBE(0, 6) * 16 + (digest[6] >> 4);
  return (bits + 0.5) / 2 ** 52;
}

/**
 * Weighted sampling without replacement (Efraimidis–Spirakis): each candidate gets the key
 * u^(1/w), u uniform from (seed, agreement); the `size` largest keys are drawn. Pure: the same
 * seed and candidates give the same list, in whatever order the candidates come, so anyone
 * holding a draw's record can draw again and check it.
 */
export function drawSample(seed: string, candidates: readonly DrawCandidate[], size: number): string[] {
  return candidates
    .map((candidate) => ({
      id: candidate.agreementId,
      key: Math.log(uniform(seed, candidate.agreementId)) / candidate.weight,
    }))
    .sort((a, b) => b.key - a.key || (a.id < b.id ? -1 : 1))
    .slice(0, size)
    .map((entry) => entry.id);
}
