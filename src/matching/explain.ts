import { remainingElders, remainingMinutes, type NeedCandidates } from './candidates.ts';
import { workloadPenalty } from './cost.ts';
import type { Arc, PreparedNeed } from './model.ts';
import {
  TIERS,
  type MatchHelper,
  type MatchPolicy,
  type Proposal,
  type RunnerUp,
  type RunnerUpReason,
  type UnmetReason,
} from './types.ts';

const MAX_RUNNERS_UP = 3;

interface HelperUse {
  minutes: number;
  /** Distinct elders this run gave the helper, and the needs. */
  elders: Set<string>;
  needs: Arc['need'][];
}

function useByHelper(chosen: Arc[]): Map<string, HelperUse> {
  const use = new Map<string, HelperUse>();
  for (const arc of chosen) {
    const entry = use.get(arc.candidate.helper.id) ?? { minutes: 0, elders: new Set(), needs: [] };
    entry.minutes += arc.need.weeklyMinutes;
    entry.elders.add(arc.need.elderId);
    entry.needs.push(arc.need);
    use.set(arc.candidate.helper.id, entry);
  }
  return use;
}

/** What taking `minutes` more would add to the helper's workload penalty, on top of this run's load. */
function addedWorkload(helper: MatchHelper, minutes: number, use: HelperUse | undefined, policy: MatchPolicy): number {
  if (!helper.personId) return 0;
  const total = helper.committedMinutes + (use?.minutes ?? 0);
  return (
    workloadPenalty(helper.weeklyMinutes, total + minutes, policy.workload) -
    workloadPenalty(helper.weeklyMinutes, total, policy.workload)
  );
}

/** What this assignment adds to the helper's workload penalty, given everything else it takes. */
function marginalWorkload(
  helper: MatchHelper,
  minutes: number,
  use: HelperUse | undefined,
  policy: MatchPolicy,
): number {
  if (!helper.personId) return 0;
  const total = helper.committedMinutes + (use?.minutes ?? 0);
  const value =
    workloadPenalty(helper.weeklyMinutes, total, policy.workload) -
    workloadPenalty(helper.weeklyMinutes, total - minutes, policy.workload);
  return Math.round(value * 100) / 100;
}

function full(helper: MatchHelper, need: Arc['need'], use: HelperUse | undefined): boolean {
  const newElder = use?.elders.has(need.elderId) || need.currentHelperIds.includes(helper.id) ? 0 : 1;
  // Elders the helper already serves take no new place (as in the model).
  const newPlaces = (use?.needs ?? []).filter((n, i, all) => {
    const first = all.findIndex((m) => m.elderId === n.elderId) === i;
    return first && !n.currentHelperIds.includes(helper.id);
  }).length;
  return (
    (use?.minutes ?? 0) + need.weeklyMinutes > remainingMinutes(helper) ||
    newPlaces + newElder > remainingElders(helper)
  );
}

function runnersUp(
  arc: Arc,
  prepared: PreparedNeed,
  pruned: Arc[],
  found: NeedCandidates,
  chosenHere: Set<string>,
  use: Map<string, HelperUse>,
  policy: MatchPolicy,
): RunnerUp[] {
  const list: RunnerUp[] = [];
  const rank = TIERS.indexOf(arc.candidate.tier);
  for (const other of [...prepared.arcs, ...pruned]) {
    if (list.length >= MAX_RUNNERS_UP) return list;
    const helper = other.candidate.helper;
    if (chosenHere.has(helper.id)) continue;
    const used = use.get(helper.id);
    // They had room before the run (they are a candidate); a run that filled it gave it to someone else.
    const taken = used?.needs.find((n) => n.elderId !== arc.need.elderId);
    let reason: RunnerUpReason = 'HIGHER_COST';
    if (full(helper, arc.need, used) && taken) reason = 'TAKEN_IN_THIS_RUN';
    else if (TIERS.indexOf(other.candidate.tier) > rank) reason = 'FARTHER_RING';
    const cost = other.cost.total + addedWorkload(helper, arc.need.weeklyMinutes, used, policy);
    list.push({
      helperId: helper.id,
      tier: other.candidate.tier,
      reason,
      cost: Math.round(cost * 100) / 100,
      ...(reason === 'TAKEN_IN_THIS_RUN' ? { takenFor: taken!.id } : {}),
    });
  }
  const rejections = [...found.rejections].sort(
    (a, b) => TIERS.indexOf(a.tier ?? 'ORGANISATION') - TIERS.indexOf(b.tier ?? 'ORGANISATION'),
  );
  for (const rejection of rejections) {
    if (list.length >= MAX_RUNNERS_UP) break;
    list.push({ helperId: rejection.helper.id, tier: rejection.tier, reason: rejection.reason, cost: null });
  }
  return list;
}

/** Every chosen arc as a proposal: its ring, each part of its cost, and who came next and why not. */
export function explainProposals(
  chosen: Arc[],
  prepared: { prepared: PreparedNeed; pruned: Arc[] }[],
  found: NeedCandidates[],
  policy: MatchPolicy,
): Proposal[] {
  const use = useByHelper(chosen);
  const byNeed = new Map<string, number>(found.map((entry, index) => [entry.need.id, index]));
  const chosenByNeed = new Map<string, Set<string>>();
  for (const arc of chosen) {
    const set = chosenByNeed.get(arc.need.id) ?? new Set<string>();
    set.add(arc.candidate.helper.id);
    chosenByNeed.set(arc.need.id, set);
  }
  return chosen.map((arc) => {
    const index = byNeed.get(arc.need.id)!;
    const workload = marginalWorkload(
      arc.candidate.helper,
      arc.need.weeklyMinutes,
      use.get(arc.candidate.helper.id),
      policy,
    );
    const { tier, distance, continuity, preference, reliability, organisation } = arc.cost;
    return {
      needId: arc.need.id,
      helperId: arc.candidate.helper.id,
      tier: arc.candidate.tier,
      cost: {
        tier,
        distance,
        continuity,
        preference,
        reliability,
        workload: workload + organisation,
        total: Math.round((arc.cost.total + workload) * 100) / 100,
      },
      safetyNet: false,
      preferred: arc.candidate.preferred,
      runnersUp: runnersUp(
        arc,
        prepared[index].prepared,
        prepared[index].pruned,
        found[index],
        chosenByNeed.get(arc.need.id)!,
        use,
        policy,
      ),
    };
  });
}

const REASON_ORDER: RunnerUpReason[] = [
  'CERTIFICATE',
  'WINDOW',
  'DISTANCE',
  'CAPACITY_FULL',
  'REFUSED',
  'UNAVAILABLE',
  'SUSPENDED',
];

/** Why a need could not be (fully) served. */
export function unmetReason(found: NeedCandidates): UnmetReason {
  if (found.candidates.length > 0) return 'NO_CAPACITY';
  if (found.rejections.length === 0) return 'NO_CANDIDATE';
  const counts = new Map<RunnerUpReason, number>();
  for (const rejection of found.rejections) counts.set(rejection.reason, (counts.get(rejection.reason) ?? 0) + 1);
  const reason = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || REASON_ORDER.indexOf(a[0]) - REASON_ORDER.indexOf(b[0]),
  )[0][0];
  // A suspended helper is, for the need, one who cannot come now.
  if (reason === 'SUSPENDED') return 'UNAVAILABLE';
  return reason === 'CAPACITY_FULL' ? 'NO_CAPACITY' : (reason as UnmetReason);
}
