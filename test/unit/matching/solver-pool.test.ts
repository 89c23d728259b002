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
    const model = monolithicModel(
      generateInstance({ villages: 6, needsPerVillage: 30, helpersPerVillage: 10, seed: 7 }),
    );
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

  it('fails the solve of a thread that dies, with the reason, and replaces the thread', async () => {
    const highs = await loadHighsSolver();
    const own = new SolverPool(highs, 1);
    try {
      const model = monolithicModel(
        generateInstance({ villages: 6, needsPerVillage: 30, helpersPerVillage: 10, seed: 7 }),
      );
      const solving = own.solve({ model, large: true });
      // The thread dies under the solve, as it would on an uncaught error or running out of memory.
      const slots = (own as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots;
      await new Promise((resolve) => setTimeout(resolve, 50));
      await slots[0].worker.terminate();
      await expect(solving).rejects.toThrow(/^the solver thread exited with code \d+$/);
      // The pool started another thread: the next solve succeeds.
      const again = await own.solve({ model, large: true });
      expect(again.threadId).toBeGreaterThan(0);
      expect(again.objective).toBeCloseTo(solveWithHighs(highs, model, false).objective, 6);
    } finally {
      await own.close();
    }
  });
});
