import type { MatchPolicy } from './types.ts';

/**
 * Defaults, each with its reason. Counties change them through `updateMatchingPolicy`.
 *
 * - Ring costs follow the differential order (差序格局): in W county 84.6 % of 507 care
 *   agreements went to kin and neighbours (paper 000, "507 份五养协议 … 84.6%"), so the first
 *   two rings are cheap and close together. Paper 004 found trust in place (地缘信任) raised
 *   willingness more than blood ties did, hence NEIGHBOUR only a little above KIN. Organisations
 *   are the safety net (兜底): dearest, but always cheaper than leaving a need unmet.
 * - A paired cadre (包帮助养, paper 000's fifth care mode) comes after kin and before neighbours
 *   (3): the pairing is a duty the party branch took on for that household.
 * - Workload is convex so that load spreads before anyone is overloaded, from the first minute:
 *   five pieces of a fifth of the week each, every one dearer than the last (0.003 per minute up
 *   to 20 %, 0.15 beyond 80 %), so six equal needs go 2/2/2 to three idle equal helpers rather
 *   than 3/3/0 (the papers' warning that volunteers drop out when over-burdened, paper 003).
 *   Within one fifth the cost is flat, so loads closer than a fifth may still tie. Ten pieces
 *   spread finer but solved the 10-village bench county (seed 1, HEADCOUNT, day rows included)
 *   in 3.4–3.8 s against 3.2–3.3 s for five and 2.9–3.0 s for three, warm, in one run here.
 * - One elder, one familiar face: an elder with several needs pays 3 for each distinct helper,
 *   so a meal and a visit go to the same neighbour unless another saves more than that.
 * - The 兜底 elder comes first: coverage is decided band by band (urgent, high, medium, low), so
 *   a dependent bottom-line elder living alone is never left unmet to serve two independent
 *   elders instead (coverage BANDS_FIRST). A county may choose HEADCOUNT, the weighted sum alone.
 * - The elder's word counts (paper 000: the person cared for "是最重要的考评主体", the first judge): a preferred helper or organisation
 *   gets a bonus (70) larger than the widest ring gap (KIN 0 to ORGANISATION 40) plus a full
 *   week's workload penalty (about 25), so the choice is honoured whenever it is feasible; a
 *   county may soften it by lowering the bonus. A refused helper is never a candidate.
 */
export const DEFAULT_MATCH_POLICY: MatchPolicy = {
  tierCost: { KIN: 0, CADRE: 3, NEIGHBOUR: 6, VILLAGE: 18, ORGANISATION: 40 },
  workload: [
    { upToShare: 0.2, perMinute: 0.003 },
    { upToShare: 0.4, perMinute: 0.006 },
    { upToShare: 0.6, perMinute: 0.012 },
    { upToShare: 0.8, perMinute: 0.04 },
    { upToShare: 1, perMinute: 0.15 },
  ],
  organisationPerMinute: 0.02,
  perKm: 1,
  continuityBonus: 5,
  preferenceBonus: 70,
  reliabilityWeight: 20,
  perHelperOfElder: 3,
  unmetBase: 1000,
  unmetPerPriority: 10,
  coverage: 'BANDS_FIRST',
  maxKinDegree: 3,
  maxCandidatesPerNeed: 8,
  highsThreshold: 400,
};

/**
 * A county's stored overrides over the defaults. Rings and fields added after a county saved its
 * policy (CADRE, perHelperOfElder, coverage) take their defaults; nulls count as not given.
 */
export function withPolicyDefaults(overrides: Partial<MatchPolicy> | null | undefined): MatchPolicy {
  const given = Object.fromEntries(Object.entries(overrides ?? {}).filter(([, value]) => value != null));
  const tierCost = Object.fromEntries(
    Object.entries((given.tierCost as Partial<MatchPolicy['tierCost']> | undefined) ?? {}).filter(([, v]) => v != null),
  );
  return { ...DEFAULT_MATCH_POLICY, ...given, tierCost: { ...DEFAULT_MATCH_POLICY.tierCost, ...tierCost } };
}

/** Problems with a policy, as field paths and messages; empty when usable. */
export function matchPolicyProblems(policy: MatchPolicy): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const range = (field: string, value: number, min: number, max: number) => {
    if (!Number.isFinite(value) || value < min || value > max)
      problems.push({ field, message: `${field} must be between ${min} and ${max}` });
  };
  for (const [tier, cost] of Object.entries(policy.tierCost)) range(`tierCost.${tier}`, cost, 0, 500);
  policy.workload.forEach((piece, index) => {
    range(`workload.${index}.upToShare`, piece.upToShare, 0.01, 1);
    range(`workload.${index}.perMinute`, piece.perMinute, 0, 10);
    const previous = policy.workload[index - 1];
    if (previous && (piece.upToShare <= previous.upToShare || piece.perMinute < previous.perMinute)) {
      problems.push({
        field: `workload.${index}`,
        message: 'workload pieces must rise in share and never fall in cost (convex)',
      });
    }
  });
  if (policy.workload.at(-1)?.upToShare !== 1)
    problems.push({ field: 'workload', message: 'the last workload piece must reach share 1' });
  range('organisationPerMinute', policy.organisationPerMinute, 0, 10);
  range('perKm', policy.perKm, 0, 100);
  range('continuityBonus', policy.continuityBonus, 0, 100);
  range('preferenceBonus', policy.preferenceBonus, 0, 100);
  range('reliabilityWeight', policy.reliabilityWeight, 0, 100);
  range('perHelperOfElder', policy.perHelperOfElder, 0, 100);
  range('unmetBase', policy.unmetBase, 100, 1e6);
  range('unmetPerPriority', policy.unmetPerPriority, 0, 1e4);
  if (policy.coverage !== 'BANDS_FIRST' && policy.coverage !== 'HEADCOUNT')
    problems.push({ field: 'coverage', message: 'coverage must be BANDS_FIRST or HEADCOUNT' });
  range('maxKinDegree', policy.maxKinDegree, 1, 4);
  range('maxCandidatesPerNeed', policy.maxCandidatesPerNeed, 1, 50);
  range('highsThreshold', policy.highsThreshold, 10, 1e6);
  return problems;
}
