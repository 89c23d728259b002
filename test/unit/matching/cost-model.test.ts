import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/matching/candidates.ts';
import { staticCost, unmetPenalty, workloadPenalty, workloadSegments } from '../../../src/matching/cost.ts';
import { buildModel, occurrencesPerDay, type Arc, type PreparedNeed } from '../../../src/matching/model.ts';
import type { MatchHelper, MatchNeed, Tier } from '../../../src/matching/types.ts';
import { MECHANICS_POLICY, need, organisation, person } from './builders.ts';

const policy = MECHANICS_POLICY;
const pieces = policy.workload;

function candidate(helper: MatchHelper, tier: Tier, extra: Partial<Candidate> = {}): Candidate {
  return { helper, tier, distanceKm: 0, preferred: false, continuity: false, ...extra };
}

function arc(forNeed: MatchNeed, helper: MatchHelper, tier: Tier, extra: Partial<Candidate> = {}): Arc {
  const c = candidate(helper, tier, extra);
  return { need: forNeed, candidate: c, cost: staticCost(forNeed, c, policy) };
}

describe('staticCost', () => {
  const n = need('n1', 'G1a', { weeklyMinutes: 90 });

  it('adds the ring, the distance and the bonuses of a person', () => {
    expect(
      staticCost(
        n,
        candidate(person('h', 'G1a'), 'VILLAGE', { distanceKm: 1.23456, preferred: true, continuity: true }),
        policy,
      ),
    ).toEqual({
      tier: 18,
      distance: 1.23,
      continuity: -5,
      preference: -8,
      reliability: 0,
      organisation: 0,
      total: 18 + 1.23 - 5 - 8,
    });
    expect(
      staticCost(n, candidate(person('h', 'G1a'), 'NEIGHBOUR', { distanceKm: 2.5 }), { ...policy, perKm: 2 }),
    ).toEqual({
      tier: 6,
      distance: 5,
      continuity: 0,
      preference: 0,
      reliability: 0,
      organisation: 0,
      total: 11,
    });
    // Kin pay no distance: the son in town is still asked first.
    expect(staticCost(n, candidate(person('h', 'G1a'), 'KIN', { distanceKm: 25 }), policy)).toMatchObject({
      distance: 0,
      total: 0,
    });
  });

  it('charges an organisation by the minute instead', () => {
    expect(staticCost(n, candidate(organisation('home', ['V1']), 'ORGANISATION'), policy)).toEqual({
      tier: 40,
      distance: 0,
      continuity: 0,
      preference: 0,
      reliability: 0,
      organisation: 1.8,
      total: 41.8,
    });
  });
});

describe('workload', () => {
  it('opens the convex pieces above what the helper already carries', () => {
    expect(workloadSegments(600, 0, pieces)).toEqual([
      { width: 300, perMinute: 0.01 },
      { width: 180, perMinute: 0.04 },
      { width: 120, perMinute: 0.15 },
    ]);
    expect(workloadSegments(600, 400, pieces)).toEqual([
      { width: 80, perMinute: 0.04 },
      { width: 120, perMinute: 0.15 },
    ]);
    expect(workloadSegments(600, 300, pieces)).toEqual([
      { width: 180, perMinute: 0.04 },
      { width: 120, perMinute: 0.15 },
    ]);
    expect(workloadSegments(600, 600, pieces)).toEqual([]);
    expect(workloadSegments(600, 900, pieces)).toEqual([]);
  });

  it('charges each minute at the slope of the piece it falls in, nothing past capacity', () => {
    expect(workloadPenalty(600, 0, pieces)).toBe(0);
    expect(workloadPenalty(600, 300, pieces)).toBeCloseTo(3, 9);
    expect(workloadPenalty(600, 400, pieces)).toBeCloseTo(3 + 4, 9);
    expect(workloadPenalty(600, 600, pieces)).toBeCloseTo(3 + 7.2 + 18, 9);
    expect(workloadPenalty(600, 900, pieces)).toBeCloseTo(3 + 7.2 + 18, 9);
  });

  it('prices an unfound helper above the floor, more for urgent needs, never less for a negative priority', () => {
    expect(unmetPenalty(10, policy, 0)).toBe(1000 + 100);
    expect(unmetPenalty(10, policy, 1500)).toBe(1500 + 100);
    expect(unmetPenalty(-5, policy, 0)).toBe(1000);
  });
});

describe('occurrencesPerDay', () => {
  it('is the most occurrences on any one day, at least one', () => {
    const slot = (weekday: number) => ({ weekday, start: 600, end: 700 });
    expect(occurrencesPerDay(need('n', 'G1a', { slots: [slot(1), slot(3), slot(1), slot(5), slot(1), slot(3)] }))).toBe(
      3,
    );
    expect(occurrencesPerDay(need('n', 'G1a', { slots: [slot(2)] }))).toBe(1);
    expect(occurrencesPerDay(need('n', 'G1a', { slots: [] }))).toBe(1);
  });
});

describe('buildModel', () => {
  it('has a binary per arc, an unmet slack per need, workload pieces per person and capacity rows per helper', () => {
    const n1 = need('n1', 'G1a', { weeklyMinutes: 90, helpersWanted: 2, priority: 20 });
    const n2 = need('n2', 'G1a', {
      weeklyMinutes: 60,
      priority: 0,
      slots: [
        { weekday: 1, start: 600, end: 700 },
        { weekday: 1, start: 800, end: 900 },
      ],
    });
    const b = person('b', 'G1a', { weeklyMinutes: 600, committedMinutes: 400, maxElders: 3, committedElders: 1 });
    const a = organisation('a', ['V1'], {
      weeklyMinutes: 1000,
      committedMinutes: 100,
      maxElders: 10,
      committedElders: 4,
      dailyOccurrences: 5,
    });
    const c = person('c', 'G1a', { dailyOccurrences: 3, committedElders: 5, maxElders: 4 });
    const needs: PreparedNeed[] = [
      { need: n1, arcs: [arc(n1, b, 'NEIGHBOUR'), arc(n1, a, 'ORGANISATION')] },
      { need: n2, arcs: [arc(n2, c, 'VILLAGE'), arc(n2, a, 'ORGANISATION')] },
    ];
    const built = buildModel(needs, policy, 2000);
    expect(built.model.variables).toEqual([
      { name: 'x0', cost: 6, upper: 1, binary: true },
      { name: 'x1', cost: 40 + 1.8 + 1e-6, upper: 1, binary: true },
      { name: 'u2', cost: 2000 + 200, upper: 2, binary: false },
      { name: 'x3', cost: 18, upper: 1, binary: true },
      { name: 'x4', cost: 40 + 1.2 + 1e-6, upper: 1, binary: true },
      { name: 'u5', cost: 2000, upper: 1, binary: false },
      // b: 400 of 600 minutes taken, so 80 minutes left at 0.04 and 120 at 0.15.
      { name: 'w6', cost: 0.04, upper: 80, binary: false },
      { name: 'w7', cost: 0.15, upper: 120, binary: false },
      { name: 'w8', cost: 0.01, upper: 300, binary: false },
      { name: 'w9', cost: 0.04, upper: 180, binary: false },
      { name: 'w10', cost: 0.15, upper: 120, binary: false },
    ]);
    expect(built.model.rows).toEqual([
      {
        name: 'n0',
        terms: [
          [0, 1],
          [1, 1],
          [2, 1],
        ],
        op: '=',
        rhs: 2,
      },
      {
        name: 'n1',
        terms: [
          [3, 1],
          [4, 1],
          [5, 1],
        ],
        op: '=',
        rhs: 1,
      },
      // Helpers in id order: a (organisation), b, c.
      {
        name: 'm2',
        terms: [
          [1, 90],
          [4, 60],
        ],
        op: '<=',
        rhs: 900,
      },
      {
        name: 'e3',
        terms: [
          [1, 1],
          [4, 1],
        ],
        op: '<=',
        rhs: 6,
      },
      {
        name: 'd4',
        terms: [
          [1, 1],
          [4, 2],
        ],
        op: '<=',
        rhs: 1,
      },
      {
        name: 'l5',
        terms: [
          [0, 90],
          [6, -1],
          [7, -1],
        ],
        op: '=',
        rhs: 0,
      },
      { name: 'e6', terms: [[0, 1]], op: '<=', rhs: 2 },
      {
        name: 'l7',
        terms: [
          [3, 60],
          [8, -1],
          [9, -1],
          [10, -1],
        ],
        op: '=',
        rhs: 0,
      },
      { name: 'e8', terms: [[3, 1]], op: '<=', rhs: 0 },
      { name: 'd9', terms: [[3, 2]], op: '<=', rhs: 0 },
    ]);
    expect(built.arcs).toEqual([...needs[0].arcs, ...needs[1].arcs]);
    expect(built.arcVariable).toEqual([0, 1, 3, 4]);
    expect([...built.unmetVariable]).toEqual([
      ['n1', 2],
      ['n2', 5],
    ]);
  });

  it('gives an empty group an empty model', () => {
    expect(buildModel([], policy, 10)).toEqual({
      model: { variables: [], rows: [] },
      arcs: [],
      arcVariable: [],
      unmetVariable: new Map(),
    });
  });
});
