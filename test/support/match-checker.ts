import type { MatchHelper, MatchInput, MatchNeed, MatchResult, Slot } from '../../src/matching/types.ts';

/**
 * Checks a matching result against the county's hard rules, written from the rules themselves
 * and apart from the model (nothing here is imported from src/matching but the types): every
 * proposal is for a helper who may serve, within capacity, on a day that can be timetabled, and
 * kin are not traded away. Returns one line per violation; empty when the result keeps every rule.
 */
export function ruleViolations(input: MatchInput, result: MatchResult): string[] {
  const problems: string[] = [];
  const needs = new Map(input.needs.map((n) => [n.id, n]));
  const helpers = new Map(input.helpers.map((h) => [h.id, h]));
  const kinOf = (need: MatchNeed, helper: MatchHelper) =>
    helper.personId !== null &&
    input.ties.some(
      (t) =>
        ((t.a === need.elderId && t.b === helper.personId) || (t.b === need.elderId && t.a === helper.personId)) &&
        (t.kind === 'SPOUSE' || (t.kind === 'KIN' && (t.degree ?? 99) <= input.policy.maxKinDegree)),
    );

  const byHelper = new Map<string, { need: MatchNeed; safetyNet: boolean }[]>();
  const byNeed = new Map<string, string[]>();
  for (const p of result.proposals) {
    const need = needs.get(p.needId);
    const helper = helpers.get(p.helperId);
    if (!need || !helper) {
      problems.push(`${p.needId}/${p.helperId}: unknown need or helper`);
      continue;
    }
    byHelper.set(helper.id, [...(byHelper.get(helper.id) ?? []), { need, safetyNet: p.safetyNet }]);
    byNeed.set(need.id, [...(byNeed.get(need.id) ?? []), helper.id]);
    for (const reason of individualProblems(need, helper, input, kinOf(need, helper), p.safetyNet))
      problems.push(`${need.id}/${helper.id}: ${reason}`);
  }

  for (const [needId, helperIds] of byNeed) {
    const need = needs.get(needId)!;
    if (helperIds.length > need.helpersWanted)
      problems.push(`${needId}: ${helperIds.length} helpers for ${need.helpersWanted}`);
    if (new Set(helperIds).size !== helperIds.length) problems.push(`${needId}: the same helper twice`);
  }

  for (const [helperId, placed] of byHelper) {
    const helper = helpers.get(helperId)!;
    const minutes = placed.reduce((sum, { need }) => sum + need.weeklyMinutes, 0);
    if (helper.committedMinutes + minutes > helper.weeklyMinutes + 1e-6)
      problems.push(`${helperId}: ${helper.committedMinutes} + ${minutes} minutes over ${helper.weeklyMinutes}`);
    const newElders = new Set(
      placed.filter(({ need }) => !need.currentHelperIds.includes(helperId)).map(({ need }) => need.elderId),
    );
    const elderCount = helper.personId ? newElders.size : placed.length;
    if (helper.committedElders + elderCount > helper.maxElders)
      problems.push(`${helperId}: ${helper.committedElders} + ${elderCount} elders over ${helper.maxElders}`);
    if (helper.personId) {
      for (let weekday = 1; weekday <= 7; weekday += 1) {
        const onWeekday = placed.flatMap(({ need }) =>
          need.slots
            .filter((s) => s.weekday === weekday)
            .map((s) => ({ release: s.start, deadline: s.end, minutes: need.minutesPerOccurrence, date: need.onDate })),
        );
        const free = helper.availability.filter((a) => a.weekday === weekday);
        // A one-off need happens on its date only; recurring needs on every such weekday.
        const dates = [...new Set(onWeekday.flatMap((job) => (job.date ? [job.date] : [])))];
        const days = dates.length ? dates.map((d) => onWeekday.filter((j) => !j.date || j.date === d)) : [onWeekday];
        for (const jobs of days)
          if (jobs.length > 1 && !schedulable(jobs, free))
            problems.push(`${helperId}: day ${weekday} cannot be timetabled (${jobs.length} visits)`);
      }
    }
  }

  // Kin first: a kin helper placed with someone else's elder while a need of their own elder that
  // they could have served (on its own: may serve it, with the minutes for it) is served neither
  // by them, nor by another of the elder's kin, nor by a helper the elder chose.
  for (const [helperId, placed] of byHelper) {
    const helper = helpers.get(helperId)!;
    const elsewhere = placed.filter(({ need }) => !kinOf(need, helper));
    if (elsewhere.length === 0) continue;
    for (const own of input.needs) {
      if (!kinOf(own, helper) || (byNeed.get(own.id) ?? []).includes(helperId)) continue;
      const servedWell = (byNeed.get(own.id) ?? []).some(
        (id) => own.preferredHelperIds.includes(id) || kinOf(own, helpers.get(id)!),
      );
      if (servedWell) continue;
      const couldServe =
        individualProblems(own, helper, input, true, false).length === 0 &&
        helper.weeklyMinutes - helper.committedMinutes >= own.weeklyMinutes &&
        (helper.committedElders < helper.maxElders || own.currentHelperIds.includes(helperId));
      if (couldServe) problems.push(`${helperId}: serves ${elsewhere[0].need.id} while not their own kin's ${own.id}`);
    }
  }
  return problems;
}

function individualProblems(
  need: MatchNeed,
  helper: MatchHelper,
  input: MatchInput,
  kin: boolean,
  safetyNet: boolean,
): string[] {
  const problems: string[] = [];
  if (!helper.active || !helper.consent) problems.push('helper inactive or without consent');
  if (!helper.serviceTypes.includes(need.serviceType)) problems.push(`does not offer ${need.serviceType}`);
  if (need.refusedHelperIds.includes(helper.id)) problems.push('refused by the elder');
  if (need.assignedHelperIds.includes(helper.id)) problems.push('already confirmed on this need');
  if (helper.personId === need.elderId) problems.push('the elder themselves');
  for (const kind of need.certificates)
    if (!helper.certificates.some((c) => c.kind === kind && c.expiresOn > input.today))
      problems.push(`no valid ${kind}`);
  if (!safetyNet) {
    for (const slot of need.slots)
      if (!fitsSomewhere(slot, need.minutesPerOccurrence, helper.availability))
        problems.push(`not free on day ${slot.weekday} ${slot.start}–${slot.end}`);
  }
  if (helper.personId && !kin) {
    if (need.location && helper.location) {
      const km = greatCircleKm(need.location, helper.location);
      if (km > helper.travelRadiusKm + 1e-9) problems.push(`${km.toFixed(2)} km, beyond ${helper.travelRadiusKm}`);
    } else if (helper.villageId !== need.villageId && !(need.pledgedHelperIds ?? []).includes(helper.id)) {
      problems.push('outside the elder’s village without coordinates');
    }
  }
  return problems;
}

function fitsSomewhere(slot: Slot, minutes: number, availability: Slot[]): boolean {
  return availability.some(
    (a) => a.weekday === slot.weekday && Math.min(a.end, slot.end) - Math.max(a.start, slot.start) >= minutes,
  );
}

/**
 * Can these visits be done one after another, each whole, inside its own window and the
 * helper's free time? Tries every order for up to 8 visits (placing each as early as it fits).
 */
function schedulable(jobs: { release: number; deadline: number; minutes: number }[], free: Slot[]): boolean {
  if (jobs.length > 8) throw new Error('the checker schedules at most 8 visits a day');
  const order = jobs.map((_, i) => i);
  const tryFrom = (placed: number[], time: number): boolean => {
    if (placed.length === jobs.length) return true;
    for (const i of order) {
      if (placed.includes(i)) continue;
      const job = jobs[i];
      const start = earliestStart(Math.max(time, job.release), job.minutes, job.deadline, free);
      if (start !== null && tryFrom([...placed, i], start + job.minutes)) return true;
    }
    return false;
  };
  return tryFrom([], 0);
}

function earliestStart(from: number, minutes: number, deadline: number, free: Slot[]): number | null {
  const candidates = free
    .map((window) => Math.max(from, window.start))
    .filter((start) => free.some((w) => start >= w.start && start + minutes <= w.end) && start + minutes <= deadline)
    .sort((a, b) => a - b);
  return candidates[0] ?? null;
}

function greatCircleKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
