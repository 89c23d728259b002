import * as highsModule from 'highs';
import type { Highs as HighsInstance } from 'highs';
import type { LpModel, LpSolution } from './lp.ts';
import { objectiveOf } from './solve-jsl.ts';

export type Highs = HighsInstance;

// The package's types describe its CommonJS face; under ESM the loader is the default export.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as () => Promise<Highs>;

let loading: Promise<Highs> | undefined;

/** HiGHS compiled to WebAssembly; loaded once per process (or worker thread). */
export function loadHighsSolver(): Promise<Highs> {
  loading ??= loadHighs();
  return loading!;
}

function term(coefficient: number, name: string): string {
  const sign = coefficient < 0 ? '-' : '+';
  return `${sign} ${Math.abs(coefficient)} ${name}`;
}

/** The model in CPLEX LP format, which HiGHS reads. */
export function toLpFormat(model: LpModel, relax: boolean): string {
  const names = model.variables.map((_, index) => `v${index}`);
  const lines: string[] = [
    'Minimize',
    ` obj: ${model.variables.map((v, i) => term(v.cost, names[i])).join(' ') || '0 v0'}`,
    'Subject To',
  ];
  for (const row of model.rows) {
    const terms = row.terms.map(([index, coefficient]) => term(coefficient, names[index])).join(' ');
    lines.push(` ${row.name}: ${terms} ${row.op === '=' ? '=' : '<='} ${row.rhs}`);
  }
  lines.push('Bounds');
  model.variables.forEach((variable, index) => lines.push(` 0 <= ${names[index]} <= ${variable.upper}`));
  const binaries = relax ? [] : names.filter((_, index) => model.variables[index].binary);
  if (binaries.length > 0) lines.push('Binaries', ` ${binaries.join(' ')}`);
  lines.push('End');
  return lines.join('\n');
}

export function solveWithHighs(highs: Highs, model: LpModel, relax: boolean): LpSolution {
  // Proven optimal to within HiGHS's absolute gap (1e-6): a zero gap cost half as much again, measured.
  const text = toLpFormat(model, relax);
  let result = highs.solve(text, { output_flag: false, mip_rel_gap: 1e-9 } as never);
  // The matching's models are always feasible (no helper and every need unmet satisfies every
  // row), yet this WebAssembly build's presolve has declared some infeasible (seen on a zero-cost
  // stage of bands-first over 10 villages). Solved again without presolve, they come out optimal.
  if (result.Status !== 'Optimal')
    result = highs.solve(text, { output_flag: false, mip_rel_gap: 1e-9, presolve: 'off' } as never);
  const values = new Float64Array(model.variables.length);
  if (result.Status !== 'Optimal') return { feasible: false, objective: Number.NaN, values };
  const columns = result.Columns as Record<string, { Primal: number }>;
  model.variables.forEach((_, index) => {
    values[index] = columns[`v${index}`]?.Primal ?? 0;
  });
  return { feasible: true, objective: objectiveOf(model, values), values };
}
