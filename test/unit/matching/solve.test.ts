import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { prepareInput } from '../../../src/matching/engine.ts';
import type { LpModel } from '../../../src/matching/lp.ts';
import { loadHighsSolver, solveWithHighs, toLpFormat } from '../../../src/matching/solve-highs.ts';
import { objectiveOf, solveWithJsLpSolver } from '../../../src/matching/solve-jsl.ts';
import { solveModel, type SolveRequest } from '../../../src/matching/solve-model.ts';
import { solveGroups } from '../../../src/matching/solve-groups.ts';
import type { SolverPool } from '../../../src/matching/solver-pool.ts';
import type { MatchInput } from '../../../src/matching/types.ts';
import { input, need, organisation, person } from './builders.ts';

/**
 * min −x0 − x1 + 0.5·s with 2·x0 + 2·x1 ≤ 3 and s = 0.5 + x0, x binary: the integer optimum takes
 * x1 alone (−0.75); the relaxation takes x1 and half of x0 (−1).
 */
const knapsack: LpModel = {
  variables: [
    { name: 'x0', cost: -1, upper: 1, binary: true },
    { name: 'x1', cost: -1, upper: 1, binary: true },
    { name: 's2', cost: 0.5, upper: 4, binary: false },
  ],
  rows: [
    {
      name: 'c0',
      terms: [
        [0, 2],
        [1, 2],
      ],
      op: '<=',
      rhs: 3,
    },
    {
      name: 'c1',
      terms: [
        [2, 1],
        [0, -1],
      ],
      op: '=',
      rhs: 0.5,
    },
  ],
};

/** An assignment with slack: its relaxation is already integral. */
const assignment: LpModel = {
  variables: [
    { name: 'x0', cost: 6, upper: 1, binary: true },
    { name: 'x1', cost: 18, upper: 1, binary: true },
    { name: 'u2', cost: 1000, upper: 1, binary: false },
  ],
  rows: [
    {
      name: 'n0',
      terms: [
        [0, 1],
        [1, 1],
        [2, 1],
      ],
      op: '=',
      rhs: 1,
    },
  ],
};

const infeasible: LpModel = {
  variables: [{ name: 'x0', cost: 1, upper: 1, binary: false }],
  rows: [{ name: 'c0', terms: [[0, 1]], op: '=', rhs: 2 }],
};

describe('toLpFormat', () => {
  it('writes the objective, the rows, the bounds and the binaries in CPLEX LP format', () => {
    expect(toLpFormat(knapsack, false)).toBe(
      [
        'Minimize',
        ' obj: - 1 v0 - 1 v1 + 0.5 v2',
        'Subject To',
        ' c0: + 2 v0 + 2 v1 <= 3',
        ' c1: + 1 v2 - 1 v0 = 0.5',
        'Bounds',
        ' 0 <= v0 <= 1',
        ' 0 <= v1 <= 1',
        ' 0 <= v2 <= 4',
        'Binaries',
        ' v0 v1',
        'End',
      ].join('\n'),
    );
  });

  it('leaves the binaries out of a relaxation, and writes an empty objective as zero', () => {
    expect(toLpFormat(knapsack, true)).not.toContain('Binaries');
    expect(toLpFormat(knapsack, true).split('\n').at(-2)).toBe(' 0 <= v2 <= 4');
    expect(toLpFormat({ variables: [], rows: [] }, false)).toBe(
      ['Minimize', ' obj: 0 v0', 'Subject To', 'Bounds', 'End'].join('\n'),
    );
    expect(toLpFormat({ variables: [{ name: 'u0', cost: 0, upper: 1, binary: false }], rows: [] }, false)).toBe(
      ['Minimize', ' obj: + 0 v0', 'Subject To', 'Bounds', ' 0 <= v0 <= 1', 'End'].join('\n'),
    );
  });
});

describe('the two solvers', () => {
  it('agree on the integer optimum and on the relaxation', async () => {
    const highs = await loadHighsSolver();
    expect(await loadHighsSolver()).toBe(highs);
    for (const solve of [(m: LpModel, relax: boolean) => solveWithHighs(highs, m, relax), solveWithJsLpSolver]) {
      const integer = solve(knapsack, false);
      expect(integer.feasible).toBe(true);
      expect(integer.objective).toBeCloseTo(-0.75, 6);
      expect([...integer.values].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0, 1, 0.5]);
      const relaxed = solve(knapsack, true);
      expect([...relaxed.values].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0.5, 1, 1]);
      expect(relaxed.objective).toBeCloseTo(-1, 6);
      const cheapest = solve(assignment, false);
      expect([...cheapest.values]).toEqual([1, 0, 0]);
      expect(cheapest.objective).toBe(6);
    }
  });

  it('say when a model has no solution', async () => {
    const highs = await loadHighsSolver();
    const byHighs = solveWithHighs(highs, infeasible, false);
    expect(byHighs.feasible).toBe(false);
    expect(byHighs.objective).toBeNaN();
    expect(byHighs.values).toEqual(new Float64Array(1));
    expect(solveWithJsLpSolver(infeasible, false).feasible).toBe(false);
  });

  it("price a solution by its variables' costs", () => {
    expect(objectiveOf(knapsack, new Float64Array([1, 0, 1.5]))).toBe(-1 + 0.75);
  });
});

describe('solveModel', () => {
  const solve = async (request: SolveRequest) => solveModel(request, await loadHighsSolver());

  it("keeps jsLPSolver's relaxation of a small model when it is integral", async () => {
    const result = await solve({ model: assignment, large: false });
    expect(result).toMatchObject({ solver: 'jsLpSolver', objective: 6, bound: 6, threadId });
    expect([...result.values]).toEqual([1, 0, 0]);
    expect([...result.relaxed]).toEqual([1, 0, 0]);
    expect(result.relaxed).not.toBe(result.values);
    expect(result.relaxed.buffer).not.toBe(result.values.buffer);
  });

  it('hands a fractional relaxation to HiGHS, and reports the relaxation as the bound', async () => {
    const result = await solve({ model: knapsack, large: false });
    expect(result.solver).toBe('highs');
    expect(result.objective).toBeCloseTo(-0.75, 6);
    expect(result.values[1]).toBeCloseTo(1, 6);
    expect(result.bound).toBeCloseTo(-1, 6);
    expect(result.relaxed[0]).toBeCloseTo(0.5, 6);
  });

  it('lets HiGHS solve a large model whole', async () => {
    const result = await solve({ model: assignment, large: true });
    expect(result).toMatchObject({ solver: 'highs', objective: 6, bound: 6 });
  });

  it('refuses to go on with a model that has no solution', async () => {
    await expect(solve({ model: infeasible, large: false })).rejects.toThrow(
      'The assignment model has no solution; it always should (unmet slack)',
    );
    await expect(solve({ model: infeasible, large: true })).rejects.toThrow('no solution');
  });
});

describe('solveGroups', () => {
  /** The pool's contract on the calling thread, counting what it was asked. */
  async function pool(rewrite?: (request: SolveRequest) => SolveRequest) {
    const highs = await loadHighsSolver();
    const requests: SolveRequest[] = [];
    const fake = {
      solve: async (request: SolveRequest) => {
        requests.push(request);
        return solveModel(rewrite ? rewrite(request) : request, highs);
      },
    } as unknown as SolverPool;
    return { fake, requests };
  }
  const solveInput = async (matchInput: MatchInput, rewrite?: (request: SolveRequest) => SolveRequest) => {
    const { prepared, unmetFloor } = prepareInput(matchInput);
    const { fake, requests } = await pool(rewrite);
    const outcome = await solveGroups(
      prepared.map((p) => p.prepared),
      matchInput.policy,
      matchInput.priorityBands,
      unmetFloor,
      fake,
    );
    return { outcome, requests };
  };

  it('solves each component on its own and adds up the results', async () => {
    const needs = [need('a', 'G1a'), need('b', 'G2a', { helpersWanted: 2 }), need('c', 'G2a')];
    const { outcome, requests } = await solveInput(input(needs, [person('p', 'G1a'), person('q', 'G2a')]));
    expect(outcome.components).toBe(2);
    expect(outcome.largestComponent).toBe(2);
    expect(requests.map((r) => r.large)).toEqual([false, false]);
    expect(outcome.chosen.map((arc) => [arc.need.id, arc.candidate.helper.id]).sort()).toEqual(
      [
        ['a', 'p'],
        ['b', 'q'],
        ['c', 'q'],
      ].sort(),
    );
    expect([...outcome.missing]).toEqual([['b', 1]]);
    expect(outcome.solvedWith).toEqual({ jsLpSolver: 2, highs: 0 });
    expect(outcome.objective).toBeCloseTo(outcome.lpBound, 6);
    expect(outcome.objective).toBeGreaterThan(1000);
  });

  it('solves the largest component first', async () => {
    const needs = [need('a', 'G1a'), need('b', 'G2a'), need('c', 'G2a')];
    const { requests } = await solveInput(input(needs, [person('p', 'G1a'), person('q', 'G2a')]));
    expect(requests.map((r) => r.model.rows[0].terms.length)).toEqual([2, 2]);
    expect(requests.map((r) => r.model.rows.filter((row) => row.name.startsWith('n')).length)).toEqual([2, 1]);
  });

  it("sends components above the county's threshold to HiGHS", async () => {
    const matchInput = input([need('a', 'G1a')], [person('p', 'G1a'), person('q', 'G1a')]);
    const { outcome, requests } = await solveInput({
      ...matchInput,
      policy: { ...matchInput.policy, highsThreshold: 1 },
    });
    expect(requests.map((r) => r.large)).toEqual([true]);
    expect(outcome.solvedWith).toEqual({ jsLpSolver: 0, highs: 1 });
    const exactly = await solveInput({ ...matchInput, policy: { ...matchInput.policy, highsThreshold: 2 } });
    expect(exactly.requests.map((r) => r.large)).toEqual([false]);
  });

  it('solves together the components that would overrun a shared organisation', async () => {
    const slots = [{ weekday: 1, start: 600, end: 700 }];
    const needs = [need('a', 'G1a', { slots }), need('b', 'G2a', { slots })];
    const helpers = [person('p', 'G1a', { availability: [] }), person('q', 'G2a', { availability: [] })];
    const roomy = await solveInput(input(needs, [...helpers, organisation('hub', ['T'], { maxElders: 2 })]));
    expect(roomy.outcome.components).toBe(2);
    for (const [extra, merged] of [
      [{ maxElders: 1 }, 1],
      [{ weeklyMinutes: 179 }, 1],
      [{ weeklyMinutes: 180 }, 2],
      [{ dailyOccurrences: 1 }, 1],
      [{ dailyOccurrences: 3, committedElders: 2 }, 1],
      [{ dailyOccurrences: null }, 2],
    ] as const) {
      const { outcome } = await solveInput(input(needs, [...helpers, organisation('hub', ['T'], extra)]));
      expect(outcome.components, JSON.stringify(extra)).toBe(merged);
    }
    const tight = await solveInput(input(needs, [...helpers, organisation('hub', ['T'], { maxElders: 1 })]));
    expect(tight.outcome.chosen).toHaveLength(1);
    expect([...tight.outcome.missing]).toHaveLength(1);
  });

  it('solves together the components that could overrun an organisation, even when the optimum would not', async () => {
    const slots = [{ weekday: 1, start: 600, end: 700 }];
    const needs = [need('a', 'G1a', { slots }), need('b', 'G2a', { slots })];
    const helpers = [person('p', 'G1a'), person('q', 'G2a')];
    const { outcome } = await solveInput(input(needs, [...helpers, organisation('hub', ['T'], { maxElders: 1 })]));
    expect(outcome.chosen.map((arc) => arc.candidate.helper.id).sort()).toEqual(['p', 'q']);
    expect(outcome.components).toBe(1);
    const roomy = await solveInput(input(needs, [...helpers, organisation('hub', ['T'], { maxElders: 2 })]));
    expect(roomy.outcome.components).toBe(2);
  });

  it('stops when a solver overruns an organisation inside one component', async () => {
    const slots = [{ weekday: 1, start: 600, end: 700 }];
    const needs = [need('a', 'G1a', { slots }), need('b', 'G1a', { slots })];
    // A faulty solver: the capacity rows are dropped before solving.
    const dropCapacity = (request: SolveRequest): SolveRequest => ({
      ...request,
      model: { ...request.model, rows: request.model.rows.filter((row) => row.name.startsWith('n')) },
    });
    await expect(
      solveInput(input(needs, [organisation('hub', ['T'], { maxElders: 1 })]), dropCapacity),
    ).rejects.toThrow("An organisation's capacity was overrun inside a single component");
  });
});
