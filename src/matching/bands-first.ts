import type { LpModel, LpRow } from './lp.ts';
import type { BuiltModel, PreparedNeed } from './model.ts';
import type { MatchInput } from './types.ts';

/** 3 urgent, 2 high, 1 medium, 0 low: the county's priority bands as levels. */
export function bandLevel(priority: number, bands: MatchInput['priorityBands']): number {
  if (priority >= bands.urgent) return 3;
  if (priority >= bands.high) return 2;
  if (priority >= bands.medium) return 1;
  return 0;
}

export interface StagedSolution {
  values: Float64Array;
  objective: number;
  bound: number;
}

type Solve = (model: LpModel) => Promise<StagedSolution>;

/**
 * Coverage band by band (the county's default, policy `coverage: BANDS_FIRST`): no need of a
 * higher band is left unmet where serving it instead of lower-band needs is feasible, however
 * many of those there are. The weighted objective (unmet = base + perPriority × priority) lets
 * two low-priority needs outweigh one urgent need; this fixes that lexicographically.
 *
 * `first` is the weighted model's solution. When every need it leaves unmet is in the lowest band
 * present, every higher band is fully covered and the weighted optimum is already the
 * lexicographic one, so nothing more is solved (the usual case). Otherwise, from the highest band
 * down, the fewest unmet helpers of that band is found (a model whose only costs are that band's
 * unmet slacks) and capped; the last solve is the weighted objective under all the caps.
 */
export async function bandsFirst(
  built: BuiltModel,
  group: PreparedNeed[],
  bands: MatchInput['priorityBands'],
  first: StagedSolution,
  solve: Solve,
): Promise<StagedSolution> {
  const levelOf = new Map(group.map(({ need }) => [need.id, bandLevel(need.priority, bands)]));
  const levels = [...new Set(levelOf.values())].sort((a, b) => b - a);
  const lowest = levels.at(-1)!;
  const unmetAbove = [...built.unmetVariable].some(
    ([needId, variable]) => first.values[variable] > 0.5 && levelOf.get(needId)! > lowest,
  );
  if (!unmetAbove) return first;
  const caps: LpRow[] = [];
  for (const level of levels) {
    if (level === lowest) break;
    const slacks = [...built.unmetVariable].filter(([needId]) => levelOf.get(needId) === level).map(([, v]) => v);
    const onlyThisBand = new Set(slacks);
    const stage: LpModel = {
      variables: built.model.variables.map((variable, index) => ({
        ...variable,
        cost: onlyThisBand.has(index) ? 1 : 0,
      })),
      rows: [...built.model.rows, ...caps],
    };
    const fewest = Math.round((await solve(stage)).objective);
    caps.push({ name: `b${level}`, terms: slacks.map((v): [number, number] => [v, 1]), op: '<=', rhs: fewest });
  }
  return solve({ variables: built.model.variables, rows: [...built.model.rows, ...caps] });
}
