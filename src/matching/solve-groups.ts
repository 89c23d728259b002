import { remainingElders, remainingMinutes } from './candidates.ts';
import { mergeGroups, splitComponents } from './components.ts';
import { buildModel, occurrencesPerDay, type Arc, type PreparedNeed } from './model.ts';
import type { SolverPool } from './solver-pool.ts';
import type { MatchHelper, MatchInput, MatchPolicy } from './types.ts';
import type { LpModel } from './lp.ts';
import { bandsFirst } from './bands-first.ts';

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

/** One group's model, solved on the pool (small models on this thread). */
async function solveGroup(
  group: PreparedNeed[],
  policy: MatchPolicy,
  bands: MatchInput['priorityBands'],
  unmetFloor: number,
  pool: SolverPool,
  counts: GroupsOutcome['solvedWith'],
): Promise<GroupSolution> {
  const built = buildModel(group, policy, unmetFloor);
  const solve = async (model: LpModel) => {
    const solved = await pool.solve({ model, large: built.arcs.length > policy.highsThreshold });
    counts[solved.solver] += 1;
    return solved;
  };
  const weighted = await solve(built.model);
  const result = policy.coverage === 'BANDS_FIRST' ? await bandsFirst(built, group, bands, weighted, solve) : weighted;
  const chosen = built.arcs.filter((_, index) => result.values[built.arcVariable[index]] > 0.5);
  const missing = new Map<string, number>();
  for (const [needId, variable] of built.unmetVariable) {
    const value = Math.round(result.values[variable]);
    if (value > 0) missing.set(needId, value);
  }
  return { group, chosen, missing, objective: result.objective, bound: result.bound };
}

/** Capacity each organisation ("hub") would give to a set of arcs, by group. */
interface HubDemand {
  helper: MatchHelper;
  minutes: number;
  elders: number;
  daily: number;
  /** Indexes of the groups the arcs come from. */
  users: Set<number>;
}

function hubDemand(arcsByGroup: Arc[][]): Map<string, HubDemand> {
  const demand = new Map<string, HubDemand>();
  arcsByGroup.forEach((arcs, index) => {
    for (const arc of arcs) {
      const helper = arc.candidate.helper;
      if (helper.personId) continue;
      let entry = demand.get(helper.id);
      if (!entry) demand.set(helper.id, (entry = { helper, minutes: 0, elders: 0, daily: 0, users: new Set() }));
      entry.minutes += arc.need.weeklyMinutes;
      entry.elders += 1;
      entry.daily += occurrencesPerDay(arc.need);
      entry.users.add(index);
    }
  });
  return demand;
}

function exceedsCapacity({ helper, minutes, elders, daily }: HubDemand): boolean {
  const dailyCap =
    helper.dailyOccurrences === null ? Infinity : Math.max(helper.dailyOccurrences - helper.committedElders, 0);
  return minutes > remainingMinutes(helper) || elders > remainingElders(helper) || daily > dailyCap;
}

/** For each over-subscribed organisation, the groups that reach for it (when more than one). */
function sharedOverruns(arcsByGroup: Arc[][]): Map<string, number[]> {
  const usersOf = new Map<string, number[]>();
  for (const [id, entry] of hubDemand(arcsByGroup)) if (exceedsCapacity(entry)) usersOf.set(id, [...entry.users]);
  return usersOf;
}

/**
 * Groups that share an organisation which could not take all of them at once will have to be
 * solved together anyway: merge them before the first solve rather than after it.
 */
function premerge(groups: PreparedNeed[][]): PreparedNeed[][] {
  const usersOf = sharedOverruns(groups.map((group) => group.flatMap((prepared) => prepared.arcs)));
  for (const [id, users] of usersOf) if (users.length < 2) usersOf.delete(id);
  return usersOf.size > 0 ? mergeGroups(groups, usersOf) : groups;
}

/**
 * Solves the whole model exactly, group by group. Each group plans with every organisation's
 * full capacity (a relaxation); where the plans together overrun one, the groups that use it
 * are merged and solved again, until the plans fit, which makes them optimal for the whole.
 */
export async function solveGroups(
  needs: PreparedNeed[],
  policy: MatchPolicy,
  bands: MatchInput['priorityBands'],
  unmetFloor: number,
  pool: SolverPool,
): Promise<GroupsOutcome> {
  const counts = { jsLpSolver: 0, highs: 0 };
  let groups = premerge(splitComponents(needs));
  const solved = new Map<PreparedNeed[], GroupSolution>();
  for (;;) {
    // Largest first, so the worker threads start on them while this thread takes the small ones.
    const todo = groups.filter((group) => !solved.has(group)).sort((a, b) => b.length - a.length);
    const fresh = await Promise.all(todo.map((group) => solveGroup(group, policy, bands, unmetFloor, pool, counts)));
    todo.forEach((group, index) => solved.set(group, fresh[index]));
    const solutions = groups.map((group) => solved.get(group)!);
    const usersOf = sharedOverruns(solutions.map((solution) => solution.chosen));
    if (usersOf.size === 0) break;
    const before = groups.length;
    groups = mergeGroups(groups, usersOf);
    // Within one group the model itself holds the capacity; an overrun there is a solver fault.
    if (groups.length === before) throw new Error("An organisation's capacity was overrun inside a single component");
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
