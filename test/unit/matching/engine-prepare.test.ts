import { describe, expect, it } from 'vitest';
import { monolithicModel, prepareInput, runMatching } from '../../../src/matching/engine.ts';
import { input, kin, need, organisation, person } from './builders.ts';

describe('prepareInput', () => {
  it('takes the needs still wanting helpers, in id order', () => {
    const { needs, found, prepared } = prepareInput(
      input([need('b', 'G1a'), need('done', 'G1a', { helpersWanted: 0 }), need('a', 'G1a')], []),
    );
    expect(needs.map((n) => n.id)).toEqual(['a', 'b']);
    expect(found.map((f) => f.need.id)).toEqual(['a', 'b']);
    expect(prepared.map((p) => p.prepared.need.id)).toEqual(['a', 'b']);
  });

  it("orders each need's arcs cheapest first, by helper id on equal cost", () => {
    const n = need('n1', 'G1a');
    const helpers = [
      person('v', 'G1b'),
      person('c', 'G1a'),
      person('a', 'G1a'),
      person('son', 'G2a'),
      organisation('home', ['V1'], { availability: n.slots }),
    ];
    const { prepared } = prepareInput(input([n], helpers, [kin(n, helpers[3])]));
    expect(prepared[0].prepared.arcs.map((arc) => [arc.candidate.helper.id, arc.cost.total])).toEqual([
      ['son', 0],
      ['a', 6],
      ['c', 6],
      ['v', 18],
      ['home', 41.8],
    ]);
    expect(prepared[0].pruned).toEqual([]);
  });

  it("keeps the cheapest persons up to the county's limit, and every organisation", () => {
    const n = need('n1', 'G1a');
    const helpers = [
      person('v', 'G1b'),
      person('a', 'G1a'),
      person('b', 'G1a'),
      organisation('home', ['V1'], { availability: n.slots }),
      organisation('kitchen', ['T'], { availability: n.slots }),
    ];
    const matchInput = input([n], helpers, [], { policy: { ...input([], []).policy, maxCandidatesPerNeed: 2 } });
    const { prepared } = prepareInput(matchInput);
    expect(prepared[0].prepared.arcs.map((arc) => arc.candidate.helper.id)).toEqual(['a', 'b', 'home', 'kitchen']);
    expect(prepared[0].pruned.map((arc) => arc.candidate.helper.id)).toEqual(['v']);
  });

  it("sets the unmet penalty's floor above the dearest arc", () => {
    const n = need('n1', 'G1a');
    expect(prepareInput(input([n], [person('a', 'G1a')])).unmetFloor).toBe(7);
    expect(
      prepareInput(input([n], [person('a', 'G1a', { location: { latitude: 30, longitude: 120 } })], [], {})).unmetFloor,
    ).toBe(7);
    expect(prepareInput(input([n], [organisation('home', ['V1'], { availability: n.slots })])).unmetFloor).toBe(43);
    expect(prepareInput(input([n], [])).unmetFloor).toBe(1);
  });
});

describe('monolithicModel', () => {
  it('is the whole model in one piece', () => {
    const needs = [need('a', 'G1a'), need('b', 'G2a')];
    const model = monolithicModel(input(needs, [person('p', 'G1a'), person('q', 'G2a')]));
    expect(model.rows.filter((row) => row.name.startsWith('n'))).toHaveLength(2);
    expect(model.variables.filter((v) => v.binary)).toHaveLength(2);
    // unmetBase 1000 + 10 per priority point, the floor (7) being lower.
    expect(model.variables.find((v) => v.name.startsWith('u'))?.cost).toBe(1000 + 100);
    const dear = input([need('a', 'G1a')], [organisation('home', ['V1'], { availability: need('a', 'G1a').slots })]);
    dear.policy = { ...dear.policy, unmetBase: 100, tierCost: { ...dear.policy.tierCost, ORGANISATION: 200 } };
    // The organisation's arc costs 201.8, so the floor (203) lifts the penalty above the base.
    expect(monolithicModel(dear).variables.find((v) => v.name.startsWith('u'))?.cost).toBe(203 + 100);
  });
});

describe('runMatching', () => {
  it("sorts a need's proposals by helper, the safety net's among the others", async () => {
    const n = need('n1', 'G1a', { helpersWanted: 2 });
    const result = await runMatching(
      input([n], [person('z', 'G1a'), organisation('home', ['V1'], { availability: [] })]),
    );
    expect(result.proposals.map((p) => [p.helperId, p.safetyNet])).toEqual([
      ['home', true],
      ['z', false],
    ]);
  });

  it('lists the unmet by need even when the components interleave', async () => {
    // {a, d} share p and {b, c} share q, one helper each: d and b (the less urgent) go unmet, found in that order.
    const needs = [
      need('a', 'G1a', { priority: 50 }),
      need('d', 'G1a'),
      need('b', 'G2a'),
      need('c', 'G2a', { priority: 50 }),
    ];
    const helpers = [person('p', 'G1a', { maxElders: 1 }), person('q', 'G2a', { maxElders: 1 })];
    const result = await runMatching(input(needs, helpers));
    expect(result.proposals.map((p) => [p.needId, p.helperId])).toEqual([
      ['a', 'p'],
      ['c', 'q'],
    ]);
    expect(result.unmet.map((u) => u.needId)).toEqual(['b', 'd']);
  });

  it('reports the time it took, not more', async () => {
    const before = performance.now();
    const result = await runMatching(input([need('n1', 'G1a')], [person('a', 'G1a')]));
    expect(result.metrics.solveMs).toBeLessThanOrEqual(Math.ceil(performance.now() - before));
  });

  it("lists proposals by need, then helper, the safety net's among them, and the unmet by need", async () => {
    const needs = [
      need('n1', 'G1a', { helpersWanted: 2, priority: 50 }),
      need('n0', 'G1b', { helpersWanted: 2, priority: 10 }),
      need('n3', 'G2a', { serviceType: 'COUNSELLING' }),
      need('m0', 'G2a', { serviceType: 'COUNSELLING', helpersWanted: 2 }),
    ];
    const helpers = [
      person('b', 'G1a', { maxElders: 1 }),
      person('c', 'G1b', { maxElders: 1 }),
      person('a', 'G1a', { maxElders: 1 }),
    ];
    const result = await runMatching(input(needs, [...helpers, organisation('org', ['V1'], { availability: [] })]));
    expect(result.proposals.map((p) => [p.needId, p.helperId, p.safetyNet])).toEqual([
      ['n0', 'c', false],
      ['n0', 'org', true],
      ['n1', 'a', false],
      ['n1', 'b', false],
    ]);
    expect(result.unmet).toEqual([
      { needId: 'm0', missing: 2, reason: 'NO_CANDIDATE', escalation: 'COORDINATOR_QUEUE' },
      { needId: 'n0', missing: 1, reason: 'NO_CAPACITY', escalation: 'ORGANISATION_RING' },
      { needId: 'n3', missing: 1, reason: 'NO_CANDIDATE', escalation: 'COORDINATOR_QUEUE' },
    ]);
    expect(result.metrics).toMatchObject({ needs: 4, helpers: 4, arcs: 6, components: 3, largestComponent: 2 });
    expect(result.metrics.solveMs).toBeGreaterThanOrEqual(0);
  });
});
