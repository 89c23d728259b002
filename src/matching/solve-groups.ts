import { remainingElders, remainingMinutes } from './candidates.ts';
import { mergeGroups, splitComponents } from './components.ts';
import type { LpModel, LpSolution } from './lp.ts';
import { buildModel, occurrencesPerDay, type Arc, type PreparedNeed } from './model.ts';
import { solveWithHighs, type Highs } from './solve-highs.ts';
import { solveWithJsLpSolver } from './solve-jsl.ts';
import type { MatchHelper, MatchPolicy } from './types.ts';

export interface GroupsOutcome {
  chosen: Arc[];
  /** Helpers still missing per need id. */
  missing: Map<string, number>;
  objective: number;
  lpBound: number;
  components: number;
  largestComponent: number;
  solvedWith: { jsLpSolver: number; highs: number };
}

interface GroupSolution {
  group: PreparedNeed[];
  chosen: Arc[];
  missing: Map<string, number>;
  objective: number;
  bound: number;
}

function solve(model: LpModel, relax: boolean, useHighs: boolean, highs: Highs): LpSolution {
  const solution = useHighs ? solveWithHighs(highs, model, relax) : solveWithJsLpSolver(model, relax);
  if (!solution.feasible) throw new Error('The assignment model has no solution; it always should (unmet slack)');
  return solution;
}

/** True when every binary variable already sits at 0 or 1. */
function integral(model: LpModel, solution: LpSolution): boolean {
  return model.variables.every((variable, index) => !variable.binary || Math.abs(solution.values[index] - Math.round(solution.values[index])) < 1e-7);
}

/**
 * Small groups: javascript-lp-solver solves the LP relaxation; when that is already integral
 * (the usual case for an assignment with slack) it is the optimum. Otherwise, and for groups
 * above the threshold, HiGHS solves it: jsLPSolver's branch and bound is far too slow on
 * fractional knapsack-like rows (measured: a 12-need, 5-helper group ran for minutes).
 */
function solveGroup(group: PreparedNeed[], policy: MatchPolicy, unmetFloor: number, highs: Highs, counts: GroupsOutcome['solvedWith']): GroupSolution {
  const built = buildModel(group, policy, unmetFloor);
  const small = built.arcs.length <= policy.highsThreshold;
  const relaxed = solve(built.model, true, !small, highs);
  let best = relaxed;
  if (small && integral(built.model, relaxed)) counts.jsLpSolver += 1;
  else {
    counts.highs += 1;
    best = solve(built.model, false, true, highs);
  }
  const chosen = built.arcs.filter((_, index) => best.values[built.arcVariable[index]] > 0.5);
  const missing = new Map<string, number>();
  for (const [needId, variable] of built.unmetVariable) {
    const value = Math.round(best.values[variable]);
    if (value > 0) missing.set(needId, value);
  }
  return { group, chosen, missing, objective: best.objective, bound: relaxed.objective };
}

/** Organisation helpers whose capacity the separately planned groups overrun together. */
function overrunHubs(solutions: GroupSolution[]): Set<string> {
  const use = new Map<string, { helper: MatchHelper; minutes: number; elders: number; daily: number }>();
  for (const solution of solutions) {
    for (const arc of solution.chosen) {
      const helper = arc.candidate.helper;
      if (helper.personId) continue;
      let entry = use.get(helper.id);
      if (!entry) use.set(helper.id, (entry = { helper, minutes: 0, elders: 0, daily: 0 }));
      entry.minutes += arc.need.weeklyMinutes;
      entry.elders += 1;
      entry.daily += occurrencesPerDay(arc.need);
    }
  }
  const overrun = new Set<string>();
  for (const { helper, minutes, elders, daily } of use.values()) {
    const dailyCap = helper.dailyOccurrences === null ? Infinity : Math.max(helper.dailyOccurrences - helper.committedElders, 0);
    if (minutes > remainingMinutes(helper) || elders > remainingElders(helper) || daily > dailyCap) overrun.add(helper.id);
  }
  return overrun;
}

/**
 * Solves the whole model exactly, group by group. Each group plans with every organisation's
 * full capacity (a relaxation); where the plans together overrun one, the groups that use it
 * are merged and solved again, until the plans fit, which makes them optimal for the whole.
 */
export function solveGroups(needs: PreparedNeed[], policy: MatchPolicy, unmetFloor: number, highs: Highs): GroupsOutcome {
  const counts = { jsLpSolver: 0, highs: 0 };
  let groups = splitComponents(needs);
  const solved = new Map<PreparedNeed[], GroupSolution>();
  for (;;) {
    for (const group of groups) if (!solved.has(group)) solved.set(group, solveGroup(group, policy, unmetFloor, highs, counts));
    const solutions = groups.map((group) => solved.get(group)!);
    const overrun = overrunHubs(solutions);
    if (overrun.size === 0) break;
    const usersOf = new Map<string, number[]>();
    solutions.forEach((solution, index) => {
      for (const hub of new Set(solution.chosen.map((arc) => arc.candidate.helper.id).filter((id) => overrun.has(id)))) {
        const users = usersOf.get(hub) ?? [];
        users.push(index);
        usersOf.set(hub, users);
      }
    });
    const before = groups.length;
    groups = mergeGroups(groups, usersOf);
    // Within one group the model itself holds the capacity; an overrun there is a solver fault.
    if (groups.length === before) throw new Error('An organisation\'s capacity was overrun inside a single component');
  }
  const solutions = groups.map((group) => solved.get(group)!);
  const missing = new Map<string, number>();
  for (const solution of solutions) for (const [id, count] of solution.missing) missing.set(id, count);
  return {
    chosen: solutions.flatMap((s) => s.chosen),
    missing,
    objective: solutions.reduce((sum, s) => sum + s.objective, 0),
    lpBound: solutions.reduce((sum, s) => sum + s.bound, 0),
    components: groups.length,
    largestComponent: groups.reduce((max, g) => Math.max(max, g.length), 0),
    solvedWith: counts,
  };
}
