import { describe, expect, it } from 'vitest';
import { bandLevel, bandsFirst } from '../../../src/matching/bands-first.ts';
import { monolithicProblem, runMatching } from '../../../src/matching/engine.ts';
import type { LpModel } from '../../../src/matching/lp.ts';
import { loadHighsSolver, solveWithHighs } from '../../../src/matching/solve-highs.ts';
import { generateInstance } from '../../support/match-instances.ts';

describe('the decomposed engine against HiGHS on the whole model', () => {
  it('reaches the same optimum on 40 random small counties', async () => {
    const highs = await loadHighsSolver();
    for (let seed = 1; seed <= 40; seed += 1) {
      const input = generateInstance({
        villages: 1 + (seed % 4),
        needsPerVillage: 6 + (seed % 9),
        helpersPerVillage: 3 + (seed % 5),
        seed,
      });
      const result = await runMatching(input);
      // The reference: HiGHS on the whole model, then bands first over the whole county.
      const { built, group } = monolithicProblem(input);
      const solve = async (model: LpModel) => {
        const solved = solveWithHighs(highs, model, false);
        expect(solved.feasible).toBe(true);
        return { ...solved, bound: solved.objective };
      };
      const whole = await bandsFirst(built, group, input.priorityBands, await solve(built.model), solve);
      expect(result.metrics.objective, `seed ${seed}`).toBeCloseTo(whole.objective, 4);
      expect(result.metrics.lpBound).toBeLessThanOrEqual(result.metrics.objective + 1e-6);
    }
  });
});

describe('the engine against HiGHS on the unpruned model', () => {
  it('loses nothing by keeping 8 person arcs per need: equal objectives where pruning bites (12 helpers a village)', async () => {
    const highs = await loadHighsSolver();
    let pruned = 0;
    for (let seed = 1; seed <= 8; seed += 1) {
      const input = generateInstance({ villages: 3, needsPerVillage: 12, helpersPerVillage: 12, seed });
      const result = await runMatching(input);
      const whole = { ...input, policy: { ...input.policy, maxCandidatesPerNeed: 1000 } };
      const { built, group } = monolithicProblem(whole);
      pruned += built.arcs.length - monolithicProblem(input).built.arcs.length;
      const solve = async (model: LpModel) => {
        const solved = solveWithHighs(highs, model, false);
        return { ...solved, bound: solved.objective };
      };
      const reference = await bandsFirst(built, group, input.priorityBands, await solve(built.model), solve);
      const gap = (result.metrics.objective - reference.objective) / Math.abs(reference.objective);
      expect(gap, `seed ${seed}`).toBeLessThanOrEqual(1e-6);
    }
    expect(pruned).toBeGreaterThan(0);
  });
});

describe('HiGHS on the stages of bands-first', () => {
  it('solves a zero-cost stage that its presolve alone would call infeasible (every matching model is feasible)', async () => {
    const highs = await loadHighsSolver();
    const input = generateInstance({ villages: 10, needsPerVillage: 20, helpersPerVillage: 15, seed: 3 });
    const whole = { ...input, policy: { ...input.policy, maxCandidatesPerNeed: 1000 } };
    const { built, group } = monolithicProblem(whole);
    const urgent = new Set(
      [...built.unmetVariable]
        .filter(
          ([needId]) => bandLevel(group.find((p) => p.need.id === needId)!.need.priority, input.priorityBands) === 3,
        )
        .map(([, variable]) => variable),
    );
    const stage = {
      variables: built.model.variables.map((v, i) => ({ ...v, cost: urgent.has(i) ? 1 : 0 })),
      rows: built.model.rows,
    };
    const solved = solveWithHighs(highs, stage, false);
    expect(solved.feasible).toBe(true);
    expect(Number.isFinite(solved.objective)).toBe(true);
  });
});
