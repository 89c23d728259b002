import type { Candidate } from './candidates.ts';
import { remainingElders, remainingMinutes } from './candidates.ts';
import { unmetPenalty, workloadSegments, type StaticCost } from './cost.ts';
import type { LpModel, LpRow, LpVariable } from './lp.ts';
import type { MatchHelper, MatchNeed, MatchPolicy } from './types.ts';

/** One candidate assignment that made it into the model. */
export interface Arc {
  need: MatchNeed;
  candidate: Candidate;
  cost: StaticCost;
}

export interface PreparedNeed {
  need: MatchNeed;
  /** Cheapest first; the order also breaks ties between equal costs. */
  arcs: Arc[];
}

export interface BuiltModel {
  model: LpModel;
  arcs: Arc[];
  /** Variable index of each arc, in the order of `arcs`. */
  arcVariable: number[];
  /** Variable index of each need's unmet slack. */
  unmetVariable: Map<string, number>;
}

/** Tie-breaker per rank within a need: keeps the optimum unique without changing any real choice. */
const TIE_BREAK = 1e-6;

/** Most occurrences of a need on a single day (meals are once a day, some care twice). */
export function occurrencesPerDay(need: MatchNeed): number {
  const perDay = new Map<number, number>();
  for (const slot of need.slots) perDay.set(slot.weekday, (perDay.get(slot.weekday) ?? 0) + 1);
  return Math.max(1, ...perDay.values());
}

/**
 * The assignment model of a group of needs: a binary per arc, an unmet slack per need,
 * person helpers' convex workload pieces, and every helper's minutes, elders and daily limits.
 */
export function buildModel(needs: PreparedNeed[], policy: MatchPolicy, unmetFloor: number): BuiltModel {
  const variables: LpVariable[] = [];
  const rows: LpRow[] = [];
  const arcs: Arc[] = [];
  const arcVariable: number[] = [];
  const unmetVariable = new Map<string, number>();
  const helperArcs = new Map<string, { helper: MatchHelper; terms: [number, MatchNeed][] }>();
  /** Per need: its arcs' variables with their helper and ring. */
  const needArcs = new Map<string, { index: number; helperId: string; kin: boolean; chosen: boolean }[]>();

  for (const { need, arcs: ofNeed } of needs) {
    const terms: [number, number][] = [];
    const listed: { index: number; helperId: string; kin: boolean; chosen: boolean }[] = [];
    needArcs.set(need.id, listed);
    ofNeed.forEach((arc, rank) => {
      const index =
        variables.push({
          name: `x${variables.length}`,
          cost: arc.cost.total + rank * TIE_BREAK,
          upper: 1,
          binary: true,
        }) - 1;
      arcs.push(arc);
      arcVariable.push(index);
      terms.push([index, 1]);
      listed.push({
        index,
        helperId: arc.candidate.helper.id,
        kin: arc.candidate.tier === 'KIN',
        chosen: arc.candidate.preferred,
      });
      const helper = arc.candidate.helper;
      let entry = helperArcs.get(helper.id);
      if (!entry) helperArcs.set(helper.id, (entry = { helper, terms: [] }));
      entry.terms.push([index, need]);
    });
    const slack =
      variables.push({
        name: `u${variables.length}`,
        cost: unmetPenalty(need.priority, policy, unmetFloor),
        upper: need.helpersWanted,
        binary: false,
      }) - 1;
    unmetVariable.set(need.id, slack);
    terms.push([slack, 1]);
    rows.push({ name: `n${rows.length}`, terms, op: '=', rhs: need.helpersWanted });
  }

  const needsOfElder = new Map<string, number>();
  for (const { need } of needs) needsOfElder.set(need.elderId, (needsOfElder.get(need.elderId) ?? 0) + 1);
  const eldersWithSeveral = new Set([...needsOfElder].filter(([, count]) => count > 1).map(([elder]) => elder));
  const helpers = [...helperArcs.values()].sort((a, b) => (a.helper.id < b.helper.id ? -1 : 1));
  for (const { helper, terms } of helpers) {
    const minuteTerms = terms.map(([index, need]): [number, number] => [index, need.weeklyMinutes]);
    if (helper.personId) {
      // Load = Σ pieces; the pieces' widths add up to the remaining minutes, so they cap it too.
      const pieces = workloadSegments(helper.weeklyMinutes, helper.committedMinutes, policy.workload);
      const pieceTerms = pieces.map((piece): [number, number] => [
        variables.push({ name: `w${variables.length}`, cost: piece.perMinute, upper: piece.width, binary: false }) - 1,
        -1,
      ]);
      rows.push({ name: `l${rows.length}`, terms: [...minuteTerms, ...pieceTerms], op: '=', rhs: 0 });
    } else {
      rows.push({ name: `m${rows.length}`, terms: minuteTerms, op: '<=', rhs: remainingMinutes(helper) });
    }
    const { links, places } = elderTerms(helper, terms, variables, policy, eldersWithSeveral);
    for (const link of links) rows.push({ name: `s${rows.length}`, terms: link, op: '<=', rhs: 0 });
    if (places.length > 0)
      rows.push({ name: `e${rows.length}`, terms: places, op: '<=', rhs: remainingElders(helper) });
    if (helper.dailyOccurrences !== null) {
      const daily = terms.map(([index, need]): [number, number] => [index, occurrencesPerDay(need)]);
      rows.push({
        name: `d${rows.length}`,
        terms: daily,
        op: '<=',
        rhs: Math.max(helper.dailyOccurrences - helper.committedElders, 0),
      });
    }
  }
  rows.push(...kinFirstRows(needs, needArcs, helperArcs));
  for (const { helper, terms } of helpers) {
    if (helper.personId) rows.push(...timetableRows(helper, terms, rows.length));
  }
  return { model: { variables, rows }, arcs, arcVariable, unmetVariable };
}

/**
 * Whether these windows span exactly [from, to] without a gap. Any other span's row is implied:
 * one wider than its windows has a tighter twin with the same terms, and one whose windows fall
 * apart into gapped groups is the sum of the groups' rows (free time adds up over disjoint spans;
 * a group's row left out because it cannot overflow holds for any choice).
 */
function chained(slots: { start: number; end: number }[], from: number, to: number): boolean {
  const sorted = [...slots].sort((a, b) => a.start - b.start);
  if (sorted[0].start !== from) return false;
  let reach = sorted[0].end;
  for (const slot of sorted.slice(1)) {
    if (slot.start > reach) return false;
    reach = Math.max(reach, slot.end);
  }
  return reach === to;
}

/** Minutes the helper is free on `weekday` between `from` and `to`. */
function freeMinutes(helper: MatchHelper, weekday: number, from: number, to: number): number {
  let free = 0;
  for (const a of helper.availability)
    if (a.weekday === weekday) free += Math.max(0, Math.min(a.end, to) - Math.max(a.start, from));
  return free;
}

/**
 * A person's day must be feasible, not only each need alone: for every weekday and every span
 * [a, b] from one occurrence window's start to another's end, the minutes of the occurrences
 * whose windows lie inside the span fit in the helper's free time inside it:
 *
 *     Σ_{n: window of n on d ⊆ [a, b]} minutes(n) · x(h, n)  ≤  free(h, d, a, b)
 *
 * (the energy condition of one-machine scheduling with windows; exact when windows on a day share
 * their start times, as the county's meal rounds and visits do, and checked on every run's output
 * by an exact scheduler in the tests). Only spans that could overflow get a row: two or more
 * occurrences and more minutes than free time. Organisations have staff in parallel and keep
 * their daily-occurrence limit instead.
 */
function timetableRows(helper: MatchHelper, terms: [number, MatchNeed][], first: number): LpRow[] {
  // The same needs recur on several weekdays: one row per set of terms, the tightest.
  const tightest = new Map<string, { terms: [number, number][]; rhs: number }>();
  const weekdays = new Set(terms.flatMap(([, need]) => need.slots.map((slot) => slot.weekday)));
  for (const weekday of [...weekdays].sort()) {
    const onWeekday = terms.flatMap(([index, need]) =>
      need.slots
        .filter((slot) => slot.weekday === weekday)
        .map((slot) => ({ index, slot, minutes: need.minutesPerOccurrence, onDate: need.onDate ?? null })),
    );
    // One-off needs on different dates never share a day: one day per date, recurring needs in each.
    const dates = [...new Set(onWeekday.flatMap((o) => (o.onDate ? [o.onDate] : [])))];
    const days =
      dates.length === 0 ? [onWeekday] : dates.map((date) => onWeekday.filter((o) => !o.onDate || o.onDate === date));
    for (const occurrences of days) {
      if (occurrences.length < 2) continue;
      const starts = [...new Set(occurrences.map((o) => o.slot.start))];
      const ends = [...new Set(occurrences.map((o) => o.slot.end))];
      for (const from of starts) {
        for (const to of ends) {
          if (to <= from) continue;
          const inside = occurrences.filter((o) => o.slot.start >= from && o.slot.end <= to);
          if (
            inside.length < 2 ||
            !chained(
              inside.map((o) => o.slot),
              from,
              to,
            )
          )
            continue;
          const free = freeMinutes(helper, weekday, from, to);
          const total = inside.reduce((sum, o) => sum + o.minutes, 0);
          if (total <= free) continue;
          const coefficients = new Map<number, number>();
          for (const o of inside) coefficients.set(o.index, (coefficients.get(o.index) ?? 0) + o.minutes);
          const rowTerms = [...coefficients].sort((a, b) => a[0] - b[0]);
          const key = JSON.stringify(rowTerms);
          const known = tightest.get(key);
          if (!known || free < known.rhs) tightest.set(key, { terms: rowTerms, rhs: free });
        }
      }
    }
  }
  return [...tightest.values()].map((row, index): LpRow => ({
    name: `t${first + index}`,
    terms: row.terms,
    op: '<=',
    rhs: row.rhs,
  }));
}

/**
 * `maxElders` counts elders, not needs: an elder with a meal and a visit is one elder. Where a
 * helper has arcs to several needs of one elder, a continuous y(h, E) ≥ x(h, n) for each of them
 * stands for "h serves E" and costs `policy.perHelperOfElder`, so that one helper per elder is
 * preferred unless another saves more than that; otherwise the arc itself is the elder's term.
 * An elder the helper already serves (an active assignment) takes no new place.
 */
function elderTerms(
  helper: MatchHelper,
  terms: [number, MatchNeed][],
  variables: LpVariable[],
  policy: MatchPolicy,
  eldersWithSeveral: ReadonlySet<string>,
): { links: [number, number][][]; places: [number, number][] } {
  const byElder = new Map<string, number[]>();
  for (const [index, need] of terms) {
    if (need.currentHelperIds.includes(helper.id)) continue;
    byElder.set(need.elderId, [...(byElder.get(need.elderId) ?? []), index]);
  }
  const links: [number, number][][] = [];
  const places: [number, number][] = [];
  for (const [elderId, indexes] of byElder) {
    if (indexes.length === 1) {
      // A helper with one of several needs of this elder is a distinct face too: the same price.
      if (eldersWithSeveral.has(elderId)) variables[indexes[0]].cost += policy.perHelperOfElder;
      places.push([indexes[0], 1]);
      continue;
    }
    const serves =
      variables.push({ name: `y${variables.length}`, cost: policy.perHelperOfElder, upper: 1, binary: false }) - 1;
    places.push([serves, 1]);
    for (const index of indexes)
      links.push([
        [index, 1],
        [serves, -1],
      ]);
  }
  return { links, places };
}

/**
 * Kin first, per elder (a hard rule, not a cost): a kin helper's first claim is their own elder.
 * For each KIN arc (h, n), n a need of elder E, and each arc (h, m) of the same helper to a need
 * m of someone h is not kin to:
 *
 *     x(h, m)  ≤  x(h, n) + Σ_{g ≠ h, g kin of E or chosen by E} x(g, n)
 *
 * Proof sketch. The rows only ever forbid; setting x(h, m) = 0 satisfies them, so a solution
 * without h elsewhere is always kept. They cut off exactly the solutions where h serves someone
 * else while a need of their own elder that h could serve (has an arc to) is served neither by h,
 * nor by another of the elder's kin, nor by the helper the elder chose: the trade "my son serves
 * your mother while my mother gets a neighbour" (6 + 6 < 0 + 18) and its variant "my son serves
 * your mother while mine waits for the safety net". A brother already caring for their mother,
 * or the neighbour she asked for, leaves h free (the sum on the right). When h cannot take both, h
 * stays with their elder and the other need goes to another helper or the safety net. A refused
 * or rejected kin helper has no arc, so the rule does not bind; arcs to another kin elder of h
 * (two parents) are not constrained against each other. The test checker (test/support/
 * match-checker.ts) verifies the rule on every random instance, apart from this model.
 */
function kinFirstRows(
  needs: PreparedNeed[],
  needArcs: Map<string, { index: number; helperId: string; kin: boolean; chosen: boolean }[]>,
  helperArcs: Map<string, { helper: MatchHelper; terms: [number, MatchNeed][] }>,
): LpRow[] {
  const rows: LpRow[] = [];
  for (const { need } of needs) {
    for (const own of needArcs.get(need.id)!) {
      if (!own.kin) continue;
      for (const [index, elsewhere] of helperArcs.get(own.helperId)!.terms) {
        if (elsewhere.elderId === need.elderId) continue;
        if (needArcs.get(elsewhere.id)!.some((arc) => arc.index === index && arc.kin)) continue;
        // Another of the elder's kin, or the helper the elder chose, serving the need frees h.
        const excusing = needArcs
          .get(need.id)!
          .filter((arc) => arc.helperId !== own.helperId && (arc.kin || arc.chosen))
          .map((arc): [number, number] => [arc.index, -1]);
        rows.push({
          name: `k${rows.length}`,
          terms: [[index, 1], [own.index, -1], ...excusing],
          op: '<=',
          rhs: 0,
        });
      }
    }
  }
  return rows;
}
