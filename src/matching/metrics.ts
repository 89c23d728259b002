import type { GroupsOutcome } from './solve-groups.ts';
import {
  TIERS,
  type MatchInput,
  type MatchMetrics,
  type MatchNeed,
  type Proposal,
  type Tier,
  type Unmet,
} from './types.ts';

function bandOf(score: number, bands: MatchInput['priorityBands']): string {
  if (score >= bands.urgent) return 'URGENT';
  if (score >= bands.high) return 'HIGH';
  if (score >= bands.medium) return 'MEDIUM';
  return 'LOW';
}

/** Gini coefficient of non-negative values: 0 when all equal, towards 1 when one carries all. */
export function gini(values: number[]): number {
  const sorted = values.filter((v) => v >= 0).sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((sum, v) => sum + v, 0);
  if (n === 0 || total === 0) return 0;
  const weighted = sorted.reduce((sum, v, i) => sum + (i + 1) * v, 0);
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;

export function computeMetrics(args: {
  input: MatchInput;
  needs: MatchNeed[];
  proposals: Proposal[];
  unmet: Unmet[];
  outcome: GroupsOutcome;
  arcs: number;
  solveMs: number;
}): MatchMetrics {
  const { input, needs, proposals, unmet, outcome } = args;
  const strict = proposals.filter((p) => !p.safetyNet);
  const wanted = needs.reduce((sum, need) => sum + need.helpersWanted, 0);
  const coveredBy = new Map<string, number>();
  for (const proposal of proposals) coveredBy.set(proposal.needId, (coveredBy.get(proposal.needId) ?? 0) + 1);

  const byBand: Record<string, { wanted: number; found: number }> = {};
  for (const need of needs) {
    const band = bandOf(need.priority, input.priorityBands);
    const entry = (byBand[band] ??= { wanted: 0, found: 0 });
    entry.wanted += need.helpersWanted;
    entry.found += Math.min(coveredBy.get(need.id) ?? 0, need.helpersWanted);
  }
  const tierMix = Object.fromEntries(TIERS.map((tier) => [tier, 0])) as Record<Tier, number>;
  for (const proposal of proposals) tierMix[proposal.tier] += 1;
  for (const tier of TIERS) tierMix[tier] = proposals.length ? round(tierMix[tier] / proposals.length) : 0;

  const minutesByHelper = new Map<string, number>();
  const needMinutes = new Map(needs.map((need) => [need.id, need.weeklyMinutes]));
  for (const proposal of strict)
    minutesByHelper.set(
      proposal.helperId,
      (minutesByHelper.get(proposal.helperId) ?? 0) + needMinutes.get(proposal.needId)!,
    );
  const shares = input.helpers
    .filter((h) => h.personId && h.active && !h.suspended && h.consent && h.weeklyMinutes > 0)
    .map((h) => (h.committedMinutes + (minutesByHelper.get(h.id) ?? 0)) / h.weeklyMinutes);

  const unmetByReason: Record<string, number> = {};
  for (const entry of unmet) unmetByReason[entry.reason] = (unmetByReason[entry.reason] ?? 0) + entry.missing;
  const found = [...coveredBy.values()].reduce((sum, n) => sum + n, 0);
  return {
    needs: needs.length,
    helpers: input.helpers.length,
    arcs: args.arcs,
    components: outcome.components,
    largestComponent: outcome.largestComponent,
    solveMs: Math.round(args.solveMs),
    objective: round(outcome.objective, 6),
    lpBound: round(outcome.lpBound, 6),
    gap: round(Math.abs(outcome.objective - outcome.lpBound) / Math.max(Math.abs(outcome.objective), 1), 6),
    coverage: wanted ? round(found / wanted) : 1,
    coverageByBand: Object.fromEntries(Object.entries(byBand).map(([band, e]) => [band, round(e.found / e.wanted)])),
    tierMix,
    maxLoadShare: round(shares.reduce((max, share) => Math.max(max, share), 0)),
    loadGini: round(gini(shares)),
    unmetByReason,
    solvedWith: outcome.solvedWith,
  };
}
