import { threadId } from 'node:worker_threads';
import type { LpModel, LpSolution } from './lp.ts';
import { solveWithHighs, type Highs } from './solve-highs.ts';
import { solveWithJsLpSolver } from './solve-jsl.ts';

export interface SolveRequest {
  model: LpModel;
  /** Above the threshold HiGHS does everything; below, jsLPSolver's relaxation is tried first. */
  large: boolean;
}

export interface SolveResult {
  values: Float64Array;
  objective: number;
  relaxed: Float64Array;
  bound: number;
  solver: 'jsLpSolver' | 'highs';
  /** The thread that solved it: 0 is the main thread, anything else a worker (the pool's tests read it). */
  threadId: number;
}

function solve(model: LpModel, relax: boolean, useHighs: boolean, highs: Highs): LpSolution {
  const solution = useHighs ? solveWithHighs(highs, model, relax) : solveWithJsLpSolver(model, relax);
  if (!solution.feasible) throw new Error('The assignment model has no solution; it always should (unmet slack)');
  return solution;
}

function integral(model: LpModel, solution: LpSolution): boolean {
  return model.variables.every(
    (variable, index) =>
      !variable.binary || Math.abs(solution.values[index] - Math.round(solution.values[index])) < 1e-7,
  );
}

/**
 * Small models: javascript-lp-solver solves the LP relaxation; when that is already integral
 * (the usual case for an assignment with slack) it is the optimum. Otherwise, and for large
 * models, HiGHS solves it: jsLPSolver's branch and bound is far too slow on fractional
 * knapsack-like rows (measured: a 12-need, 5-helper component ran for minutes).
 */
export function solveModel(request: SolveRequest, highs: Highs): SolveResult {
  const relaxed = solve(request.model, true, request.large, highs);
  if (!request.large && integral(request.model, relaxed)) {
    return {
      values: relaxed.values,
      objective: relaxed.objective,
      relaxed: relaxed.values.slice(),
      bound: relaxed.objective,
      solver: 'jsLpSolver',
      threadId,
    };
  }
  const best = solve(request.model, false, true, highs);
  return {
    values: best.values,
    objective: best.objective,
    relaxed: relaxed.values,
    bound: relaxed.objective,
    solver: 'highs',
    threadId,
  };
}
