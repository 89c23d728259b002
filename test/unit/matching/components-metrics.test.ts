import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/matching/candidates.ts';
import { mergeGroups, splitComponents } from '../../../src/matching/components.ts';
import { staticCost } from '../../../src/matching/cost.ts';
import { computeMetrics, gini } from '../../../src/matching/metrics.ts';
import type { Arc, PreparedNeed } from '../../../src/matching/model.ts';
import { DEFAULT_MATCH_POLICY, matchPolicyProblems } from '../../../src/matching/policy.ts';
import type { GroupsOutcome } from '../../../src/matching/solve-groups.ts';
import type { MatchHelper, MatchNeed, MatchPolicy, Proposal, Tier, Unmet } from '../../../src/matching/types.ts';
import { input, need, organisation, person } from './builders.ts';

const policy = DEFAULT_MATCH_POLICY;

function prepared(forNeed: MatchNeed, helpers: MatchHelper[]): PreparedNeed {
  return {
    need: forNeed,
    arcs: helpers.map((helper): Arc => {
      const candidate: Candidate = {
        helper,
        tier: helper.personId ? 'VILLAGE' : 'ORGANISATION',
        distanceKm: 0,
        preferred: false,
        continuity: false,
      };
      return { need: forNeed, candidate, cost: staticCost(forNeed, candidate, policy) };
    }),
  };
}

const needIds = (groups: PreparedNeed[][]) => groups.map((group) => group.map((p) => p.need.id));

describe('splitComponents', () => {
  const [a, b, c] = ['a', 'b', 'c'].map((id) => person(id, 'G1a'));
  const hub = organisation('hub', ['V1']);

  it('joins needs that share a person helper, directly or through others, but not through an organisation', () => {
    const needs = [
      prepared(need('n1', 'G1a'), [a, hub]),
      prepared(need('n2', 'G1a'), [b, hub]),
      prepared(need('n3', 'G1a'), [c]),
      prepared(need('n4', 'G1a'), [b, c]),
      prepared(need('n5', 'G1a'), [a]),
      prepared(need('n6', 'G1a'), [hub]),
      prepared(need('n7', 'G1a'), []),
    ];
    expect(needIds(splitComponents(needs))).toEqual([['n1', 'n5'], ['n2', 'n3', 'n4'], ['n6'], ['n7']]);
  });

  it('joins long chains whichever way they are found', () => {
    const helpers = Array.from({ length: 6 }, (_, i) => person(`h${i}`, 'G1a'));
    // n0–h0–n1–h1–…: found in reverse, so unions meet from both ends.
    const needs = helpers
      .map((helper, i) => prepared(need(`n${i}`, 'G1a'), i === 0 ? [helper] : [helpers[i - 1], helper]))
      .reverse();
    expect(needIds(splitComponents(needs))).toEqual([['n5', 'n4', 'n3', 'n2', 'n1', 'n0']]);
    const shuffled = [needs[0], needs[5], needs[2], needs[4], needs[1], needs[3]];
    expect(needIds(splitComponents(shuffled))).toEqual([['n5', 'n0', 'n3', 'n1', 'n4', 'n2']]);
  });
});

describe('mergeGroups', () => {
  const group = (...ids: string[]) => ids.map((id) => prepared(need(id, 'G1a'), []));

  it('merges the groups each over-subscribed organisation links, sorted by need, and keeps the others as they were', () => {
    const groups = [group('n5', 'n1'), group('n2'), group('n9'), group('n3'), group('n0')];
    const merged = mergeGroups(
      groups,
      new Map([
        ['hub', [3, 1]],
        ['other', [4, 3]],
      ]),
    );
    expect(needIds(merged)).toEqual([['n5', 'n1'], ['n0', 'n2', 'n3'], ['n9']]);
    expect(merged[0]).toBe(groups[0]);
    expect(merged[2]).toBe(groups[2]);
  });

  it('merges the groups of a single organisation used by three', () => {
    const groups = [group('n4'), group('n2'), group('n3')];
    expect(needIds(mergeGroups(groups, new Map([['hub', [0, 1, 2]]])))).toEqual([['n2', 'n3', 'n4']]);
    expect(needIds(mergeGroups(groups, new Map([['hub', [2, 0]]])))).toEqual([['n3', 'n4'], ['n2']]);
  });
});

describe('gini', () => {
  it('is 0 for equal loads and for none, and grows as one carries more', () => {
    expect(gini([])).toBe(0);
    expect(gini([0, 0])).toBe(0);
    expect(gini([2, 2, 2])).toBeCloseTo(0, 12);
    expect(gini([0, 1])).toBeCloseTo(0.5, 12);
    expect(gini([1, 0, 0])).toBeCloseTo(2 / 3, 12);
    expect(gini([3, 1])).toBeCloseTo(0.25, 12);
    expect(gini([1, 2, 3, 4])).toBeCloseTo(0.25, 12);
  });

  it('leaves out negative values', () => {
    expect(gini([-5, 1, 1])).toBeCloseTo(0, 12);
    expect(gini([-1])).toBe(0);
  });
});

describe('computeMetrics', () => {
  const proposal = (needId: string, helperId: string, tier: Tier, safetyNet = false): Proposal => ({
    needId,
    helperId,
    tier,
    safetyNet,
    cost: { tier: 0, distance: 0, continuity: 0, preference: 0, reliability: 0, workload: 0, total: 0 },
    runnersUp: [],
  });
  const outcome: GroupsOutcome = {
    chosen: [],
    missing: new Map(),
    objective: 1234.5678912,
    lpBound: 1200.1234567,
    components: 3,
    largestComponent: 2,
    solvedWith: { jsLpSolver: 2, highs: 1 },
  };

  it('reports coverage, by band too, the ring mix, the load and what went unmet', () => {
    const needs = [
      need('urgent', 'G1a', { priority: 60, helpersWanted: 2, weeklyMinutes: 120 }),
      need('high', 'G1a', { priority: 40 }),
      need('medium', 'G1a', { priority: 20 }),
      need('low', 'G1a', { priority: 19.9, weeklyMinutes: 300 }),
      need('lower', 'G1a', { priority: 0 }),
    ];
    const helpers = [
      person('a', 'G1a', { weeklyMinutes: 600, committedMinutes: 60 }),
      person('b', 'G1a', { weeklyMinutes: 300 }),
      person('idle', 'G1a', { weeklyMinutes: 600 }),
      person('away', 'G1a', { active: false, committedMinutes: 600 }),
      person('silent', 'G1a', { consent: false, committedMinutes: 600 }),
      person('none', 'G1a', { weeklyMinutes: 0 }),
      organisation('org', ['V1'], { committedMinutes: 20_000 }),
    ];
    const proposals = [
      proposal('urgent', 'a', 'KIN'),
      proposal('urgent', 'b', 'NEIGHBOUR'),
      proposal('urgent', 'org', 'ORGANISATION', true),
      proposal('high', 'a', 'KIN'),
      proposal('low', 'b', 'VILLAGE'),
    ];
    const unmet: Unmet[] = [
      { needId: 'medium', missing: 1, reason: 'WINDOW', escalation: 'COORDINATOR_QUEUE' },
      { needId: 'x', missing: 2, reason: 'WINDOW', escalation: 'COORDINATOR_QUEUE' },
      { needId: 'y', missing: 1, reason: 'NO_CAPACITY', escalation: 'ORGANISATION_RING' },
    ];
    const metrics = computeMetrics({
      input: input(needs, helpers),
      needs,
      proposals,
      unmet,
      outcome,
      arcs: 17,
      solveMs: 12.6,
    });
    expect(metrics).toEqual({
      needs: 5,
      helpers: 7,
      arcs: 17,
      components: 3,
      largestComponent: 2,
      solveMs: 13,
      objective: 1234.567891,
      lpBound: 1200.123457,
      gap: 0.0279,
      // Every proposal counts, the safety net's too: 5 found of 6 wanted.
      coverage: 0.8333,
      coverageByBand: { URGENT: 1, HIGH: 1, MEDIUM: 0, LOW: 0.5 },
      tierMix: { KIN: 0.4, CADRE: 0, NEIGHBOUR: 0.2, VILLAGE: 0.2, ORGANISATION: 0.2 },
      // a: 60 + 120 + 90 of 600; b: 120 + 300 of 300; idle: 0 (the safety net, organisations, the inactive, the unconsenting and the capacity-less do not count).
      maxLoadShare: 1.4,
      loadGini: 0.5045,
      unmetByReason: { WINDOW: 3, NO_CAPACITY: 1 },
      solvedWith: { jsLpSolver: 2, highs: 1 },
    });
    expect(metrics.solvedWith).toBe(outcome.solvedWith);
  });

  it('counts nothing wanted as full coverage, and no proposals as no ring mix', () => {
    const metrics = computeMetrics({
      input: input([], []),
      needs: [],
      proposals: [],
      unmet: [],
      outcome: { ...outcome, objective: 0.5, lpBound: 0 },
      arcs: 0,
      solveMs: 0,
    });
    expect(metrics.coverage).toBe(1);
    expect(metrics.coverageByBand).toEqual({});
    expect(metrics.tierMix).toEqual({ KIN: 0, CADRE: 0, NEIGHBOUR: 0, VILLAGE: 0, ORGANISATION: 0 });
    expect(metrics.maxLoadShare).toBe(0);
    expect(metrics.gap).toBe(0.5);
  });

  it('does not count more helpers found for a band than the need wanted', () => {
    const needs = [need('n1', 'G1a', { priority: 0 }), need('n2', 'G1a', { priority: 0 })];
    const proposals = [proposal('n1', 'a', 'KIN'), proposal('n1', 'b', 'KIN')];
    const metrics = computeMetrics({
      input: input(needs, []),
      needs,
      proposals,
      unmet: [],
      outcome,
      arcs: 0,
      solveMs: 0,
    });
    expect(metrics.coverageByBand).toEqual({ LOW: 0.5 });
    expect(metrics.coverage).toBe(1);
  });
});

describe('matchPolicyProblems', () => {
  const problems = (change: Partial<MatchPolicy>) => matchPolicyProblems({ ...policy, ...change });
  const fields = (change: Partial<MatchPolicy>) => problems(change).map((p) => p.field);

  it('accepts the defaults', () => {
    expect(matchPolicyProblems(policy)).toEqual([]);
  });

  it('checks every number against its range, ends included', () => {
    const edges: [keyof MatchPolicy, number, number][] = [
      ['organisationPerMinute', 0, 10],
      ['perKm', 0, 100],
      ['continuityBonus', 0, 100],
      ['preferenceBonus', 0, 100],
      ['unmetBase', 100, 1e6],
      ['unmetPerPriority', 0, 1e4],
      ['maxKinDegree', 1, 4],
      ['maxCandidatesPerNeed', 1, 50],
      ['highsThreshold', 10, 1e6],
    ];
    for (const [field, min, max] of edges) {
      expect(fields({ [field]: min }), field).toEqual([]);
      expect(fields({ [field]: max }), field).toEqual([]);
      expect(problems({ [field]: min - 0.5 }), field).toEqual([
        { field, message: `${field} must be between ${min} and ${max}` },
      ]);
      expect(fields({ [field]: max * 2 }), field).toEqual([field]);
      expect(fields({ [field]: Number.NaN }), field).toEqual([field]);
    }
    expect(fields({ tierCost: { KIN: 0, CADRE: 3, NEIGHBOUR: 500, VILLAGE: -1, ORGANISATION: 501 } })).toEqual([
      'tierCost.VILLAGE',
      'tierCost.ORGANISATION',
    ]);
    expect(problems({ tierCost: { ...policy.tierCost, KIN: Infinity } })).toEqual([
      { field: 'tierCost.KIN', message: 'tierCost.KIN must be between 0 and 500' },
    ]);
  });

  it('wants workload pieces that rise in share, never fall in cost, and end at share 1', () => {
    expect(
      problems({
        workload: [
          { upToShare: 0.5, perMinute: 0.1 },
          { upToShare: 0.5, perMinute: 0.2 },
          { upToShare: 1, perMinute: 0.2 },
        ],
      }),
    ).toEqual([{ field: 'workload.1', message: 'workload pieces must rise in share and never fall in cost (convex)' }]);
    expect(
      fields({
        workload: [
          { upToShare: 0.5, perMinute: 0.2 },
          { upToShare: 1, perMinute: 0.1 },
        ],
      }),
    ).toEqual(['workload.1']);
    expect(
      fields({
        workload: [
          { upToShare: 0.5, perMinute: 0.2 },
          { upToShare: 1, perMinute: 0.2 },
        ],
      }),
    ).toEqual([]);
    expect(problems({ workload: [{ upToShare: 0.9, perMinute: 0.1 }] })).toEqual([
      { field: 'workload', message: 'the last workload piece must reach share 1' },
    ]);
    expect(fields({ workload: [] })).toEqual(['workload']);
    expect(
      fields({
        workload: [
          { upToShare: 0.01, perMinute: 0 },
          { upToShare: 1, perMinute: 10 },
        ],
      }),
    ).toEqual([]);
    expect(
      fields({
        workload: [
          { upToShare: 0.005, perMinute: 0 },
          { upToShare: 1, perMinute: 10.5 },
        ],
      }),
    ).toEqual(['workload.0.upToShare', 'workload.1.perMinute']);
    expect(fields({ workload: [{ upToShare: 1, perMinute: -1 }] })).toEqual(['workload.0.perMinute']);
    expect(problems({ workload: [{ upToShare: 1.5, perMinute: 0 }] })).toEqual([
      { field: 'workload.0.upToShare', message: 'workload.0.upToShare must be between 0.01 and 1' },
      { field: 'workload', message: 'the last workload piece must reach share 1' },
    ]);
  });
});
