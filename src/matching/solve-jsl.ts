import * as jsLpSolver from 'javascript-lp-solver';
import type { Model, SolveResult, SolverAPI } from 'javascript-lp-solver';
import type { LpModel, LpSolution } from './lp.ts';

// The package's types describe its CommonJS face; under ESM the solver is the default export.
const solver = ((jsLpSolver as unknown as { default?: unknown }).default ?? jsLpSolver) as SolverAPI;

/** javascript-lp-solver: exact branch and bound, fine for the small components most runs consist of. */
export function solveWithJsLpSolver(model: LpModel, relax: boolean): LpSolution {
  const constraints: Model['constraints'] = {};
  const variables: Model['variables'] = {};
  const binaries: Record<string, 1> = {};
  model.variables.forEach((variable, index) => {
    const coefficients: Record<string, number> = { cost: variable.cost };
    if (variable.binary && !relax) binaries[variable.name] = 1;
    else {
      constraints[`ub${index}`] = { max: variable.upper };
      coefficients[`ub${index}`] = 1;
    }
    variables[variable.name] = coefficients;
  });
  for (const row of model.rows) {
    constraints[row.name] = row.op === '=' ? { equal: row.rhs } : { max: row.rhs };
    for (const [index, coefficient] of row.terms) {
      const coefficients = variables[model.variables[index].name];
      coefficients[row.name] = (coefficients[row.name] ?? 0) + coefficient;
    }
  }
  const result = solver.Solve({
    optimize: 'cost',
    opType: 'min',
    constraints,
    variables,
    binaries,
    options: { tolerance: 0 },
  }) as SolveResult;
  const values = new Float64Array(model.variables.length);
  model.variables.forEach((variable, index) => {
    const value = result[variable.name];
    values[index] = typeof value === 'number' ? value : 0;
  });
  return { feasible: Boolean(result.feasible), objective: objectiveOf(model, values), values };
}

export function objectiveOf(model: LpModel, values: Float64Array): number {
  let total = 0;
  model.variables.forEach((variable, index) => {
    total += variable.cost * values[index];
  });
  return total;
}
