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

  for (const { need, arcs: needArcs } of needs) {
    const terms: [number, number][] = [];
    needArcs.forEach((arc, rank) => {
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
    rows.push({
      name: `e${rows.length}`,
      terms: terms.map(([index]): [number, number] => [index, 1]),
      op: '<=',
      rhs: remainingElders(helper),
    });
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
  return { model: { variables, rows }, arcs, arcVariable, unmetVariable };
}
