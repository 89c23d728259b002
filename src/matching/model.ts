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
  const needArcs = new Map<string, { index: number; helperId: string; kin: boolean }[]>();

  for (const { need, arcs: ofNeed } of needs) {
    const terms: [number, number][] = [];
    const listed: { index: number; helperId: string; kin: boolean }[] = [];
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
      listed.push({ index, helperId: arc.candidate.helper.id, kin: arc.candidate.tier === 'KIN' });
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
    const { links, places } = elderTerms(helper, terms, variables, policy);
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
  return { model: { variables, rows }, arcs, arcVariable, unmetVariable };
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
): { links: [number, number][][]; places: [number, number][] } {
  const byElder = new Map<string, number[]>();
  for (const [index, need] of terms) {
    if (need.currentHelperIds.includes(helper.id)) continue;
    byElder.set(need.elderId, [...(byElder.get(need.elderId) ?? []), index]);
  }
  const links: [number, number][][] = [];
  const places: [number, number][] = [];
  for (const indexes of byElder.values()) {
    if (indexes.length === 1) {
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
 * Kin first, per elder (a hard rule, not a cost): a helper who could serve a need of their own
 * kin elder is never given to someone else while that need goes to another helper.
 *
 * For each KIN arc (h, n), n a need of elder E wanting k helpers, and each arc (h, m) of the same
 * helper to a need m of someone h is not kin to:
 *
 *     Σ_{g ≠ h} x(g, n)  +  k · x(h, m)  −  k · x(h, n)  ≤  k
 *
 * Proof sketch. If h serves E's need (x(h,n) = 1) the row reads Σ_g x(g,n) + k·x(h,m) ≤ 2k and
 * holds for any choice, since n takes at most k − 1 others. If h serves neither, it reads
 * Σ_g x(g,n) ≤ k, already implied by n's own row. If h serves m but not n, it reads
 * Σ_g x(g,n) ≤ 0: nobody else may take E's need — it stays unmet (and the coverage-first
 * objective then prefers h on n whenever h's capacity allows both or n outranks m). So every
 * feasible solution, the optimum included, satisfies the rule, and every solution satisfying the
 * rule is feasible: the rows cut off exactly the trades "my child serves your mother while my
 * mother gets a stranger". A refused or rejected kin helper has no arc, so the rule does not bind.
 * Arcs to another kin elder of h (two parents) are not constrained against each other.
 */
function kinFirstRows(
  needs: PreparedNeed[],
  needArcs: Map<string, { index: number; helperId: string; kin: boolean }[]>,
  helperArcs: Map<string, { helper: MatchHelper; terms: [number, MatchNeed][] }>,
): LpRow[] {
  const rows: LpRow[] = [];
  for (const { need } of needs) {
    const listed = needArcs.get(need.id)!;
    for (const own of listed) {
      if (!own.kin) continue;
      const others = listed.filter((arc) => arc.helperId !== own.helperId);
      if (others.length === 0) continue;
      const k = need.helpersWanted;
      for (const [index, elsewhere] of helperArcs.get(own.helperId)!.terms) {
        if (elsewhere.elderId === need.elderId) continue;
        const kinThere = needArcs.get(elsewhere.id)!.some((arc) => arc.index === index && arc.kin);
        if (kinThere) continue;
        rows.push({
          name: `k${rows.length}`,
          terms: [...others.map((arc): [number, number] => [arc.index, 1]), [index, k], [own.index, -k]],
          op: '<=',
          rhs: k,
        });
      }
    }
  }
  return rows;
}
