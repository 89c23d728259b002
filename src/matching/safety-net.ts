import { certificatesValid, remainingElders, remainingMinutes, windowsFit } from './candidates.ts';
import type { Arc } from './model.ts';
import { occurrencesPerDay } from './model.ts';
import type { MatchHelper, MatchInput, MatchNeed, Proposal } from './types.ts';

interface Capacity {
  minutes: number;
  elders: number;
  daily: number;
}

/**
 * The last ring (兜底): a need the assignment left short goes to an organisation that serves
 * the elder's region and offers the service — one whose hours fit first, else one that will
 * come outside its usual hours — while it has capacity left. County-wide organisations serve
 * only here. Most urgent first. What no organisation can take stays on the coordinator's
 * queue, counted and visible, never silently dropped.
 */
export function safetyNet(
  short: { need: MatchNeed; missing: number }[],
  input: MatchInput,
  chosen: Arc[],
): Map<string, Proposal[]> {
  const organisations = input.helpers
    .filter((h) => !h.personId && h.active && !h.suspended && h.consent)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const left = new Map<string, Capacity>();
  const capacityOf = (helper: MatchHelper): Capacity => {
    let capacity = left.get(helper.id);
    if (!capacity) {
      capacity = {
        minutes: remainingMinutes(helper),
        elders: remainingElders(helper),
        daily:
          helper.dailyOccurrences === null ? Infinity : Math.max(helper.dailyOccurrences - helper.committedElders, 0),
      };
      left.set(helper.id, capacity);
    }
    return capacity;
  };
  for (const arc of chosen) {
    if (arc.candidate.helper.personId) continue;
    const capacity = capacityOf(arc.candidate.helper);
    capacity.minutes -= arc.need.weeklyMinutes;
    capacity.elders -= 1;
    capacity.daily -= occurrencesPerDay(arc.need);
  }
  const taken = new Set(chosen.map((arc) => `${arc.need.id}|${arc.candidate.helper.id}`));
  const rescued = new Map<string, Proposal[]>();
  const ordered = [...short].sort((a, b) => b.need.priority - a.need.priority || (a.need.id < b.need.id ? -1 : 1));
  for (const { need, missing } of ordered) {
    const proposals: Proposal[] = [];
    const fitting = organisations.filter((h) => windowsFit(need, h));
    for (const helper of [...fitting, ...organisations.filter((h) => !fitting.includes(h))]) {
      if (proposals.length >= missing) break;
      if (!helper.serviceTypes.includes(need.serviceType) || need.refusedHelperIds.includes(helper.id)) continue;
      if (
        !helper.servesRegionIds.some((id) => need.regionPath.includes(id)) ||
        !certificatesValid(need, helper, input.today)
      )
        continue;
      if (taken.has(`${need.id}|${helper.id}`) || need.assignedHelperIds.includes(helper.id)) continue;
      const capacity = capacityOf(helper);
      const daily = occurrencesPerDay(need);
      if (capacity.minutes < need.weeklyMinutes || capacity.elders < 1 || capacity.daily < daily) continue;
      capacity.minutes -= need.weeklyMinutes;
      capacity.elders -= 1;
      capacity.daily -= daily;
      const tier = input.policy.tierCost.ORGANISATION;
      const organisation = need.weeklyMinutes * input.policy.organisationPerMinute;
      proposals.push({
        needId: need.id,
        helperId: helper.id,
        tier: 'ORGANISATION',
        cost: {
          tier,
          distance: 0,
          continuity: 0,
          preference: 0,
          reliability: 0,
          workload: organisation,
          total: tier + organisation,
        },
        safetyNet: true,
        preferred: need.preferredHelperIds.includes(helper.id),
        outsideHours: !fitting.includes(helper),
        runnersUp: [],
      });
    }
    if (proposals.length > 0) rescued.set(need.id, proposals);
  }
  return rescued;
}
