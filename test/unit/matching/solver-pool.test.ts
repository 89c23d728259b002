import { threadId as mainThreadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { monolithicModel } from '../../../src/matching/engine.ts';
import { loadHighsSolver, solveWithHighs } from '../../../src/matching/solve-highs.ts';
import { SolverPool } from '../../../src/matching/solver-pool.ts';
import { generateInstance } from '../../support/match-instances.ts';

let pool: SolverPool | undefined;

afterAll(async () => {
  await pool?.close();
});

describe('the solver pool', () => {
  it('solves a large component on a worker thread (not the calling one), to the same optimum', async () => {
    const highs = await loadHighsSolver();
    pool = new SolverPool(highs, 1);
    const model = monolithicModel(generateInstance({ villages: 6, needsPerVillage: 30, helpersPerVillage: 10, seed: 7 }));
    expect(model.variables.length).toBeGreaterThanOrEqual(400);
    const result = await pool.solve({ model, large: true });
    expect(mainThreadId).toBe(0);
    expect(result.threadId).toBeGreaterThan(0);
    expect(result.solver).toBe('highs');
    const here = solveWithHighs(highs, model, false);
    expect(result.objective).toBeCloseTo(here.objective, 6);
  });

  it('keeps a small component on the calling thread', async () => {
    const highs = await loadHighsSolver();
    pool ??= new SolverPool(highs, 1);
    const model = monolithicModel(generateInstance({ villages: 1, needsPerVillage: 4, helpersPerVillage: 3, seed: 3 }));
    expect(model.variables.length).toBeLessThan(400);
    const result = await pool.solve({ model, large: false });
    expect(result.threadId).toBe(mainThreadId);
  });
});
