/** A solver-neutral linear model: minimise Σ cost·x subject to rows, with bounds and binaries. */
export interface LpVariable {
  name: string;
  cost: number;
  upper: number;
  binary: boolean;
}

export interface LpRow {
  name: string;
  terms: [variable: number, coefficient: number][];
  op: '<=' | '=';
  rhs: number;
}

export interface LpModel {
  variables: LpVariable[];
  rows: LpRow[];
}

export interface LpSolution {
  feasible: boolean;
  objective: number;
  values: Float64Array;
}

export type LpSolver = (model: LpModel, relax: boolean) => LpSolution;
