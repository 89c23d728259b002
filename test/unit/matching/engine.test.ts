import { describe, expect, it } from 'vitest';
import { runMatching } from '../../../src/matching/engine.ts';
import { input, kin, need, organisation, person } from './builders.ts';

describe('the differential order', () => {
  it('prefers kin to a neighbour, and says why the neighbour came second', async () => {
    const n = need('n1', 'G1a');
    const son = person('son', 'G1b');
    const neighbour = person('neighbour', 'G1a');
    const result = await runMatching(input([n], [son, neighbour], [kin(n, son)]));
    expect(result.proposals).toHaveLength(1);
    expect(result.proposals[0]).toMatchObject({ needId: 'n1', helperId: 'son', tier: 'KIN', safetyNet: false });
    expect(result.proposals[0].runnersUp).toEqual([
      { helperId: 'neighbour', tier: 'NEIGHBOUR', reason: 'FARTHER_RING', cost: 6.27 },
    ]);
    expect(result.proposals[0].cost).toMatchObject({ tier: 0, distance: 0, continuity: 0, preference: 0 });
  });

  it('pushes the need to the next ring when the kin helper is full', async () => {
    const n = need('n1', 'G1a');
    const son = person('son', 'G1b', { committedMinutes: 550 });
    const neighbour = person('neighbour', 'G1a');
    const result = await runMatching(input([n], [son, neighbour], [kin(n, son)]));
    expect(result.proposals.map((p) => [p.helperId, p.tier])).toEqual([['neighbour', 'NEIGHBOUR']]);
    expect(result.proposals[0].runnersUp).toEqual([
      { helperId: 'son', tier: 'KIN', reason: 'CAPACITY_FULL', cost: null },
    ]);
  });

  it('counts a tie of degree 4 as no kin ring (a fellow villager instead)', async () => {
    const n = need('n1', 'G1a');
    const cousin = person('cousin', 'G1b');
    const result = await runMatching(input([n], [cousin], [kin(n, cousin, 4)]));
    expect(result.proposals[0].tier).toBe('VILLAGE');
  });
});

describe('capacity and fairness', () => {
  it('spreads load across equal helpers before loading one up', async () => {
    const needs = [
      need('n1', 'G1a', { weeklyMinutes: 300, slots: [] }),
      need('n2', 'G1a', { weeklyMinutes: 300, slots: [] }),
    ];
    const result = await runMatching(input(needs, [person('a', 'G1a'), person('b', 'G1a')]));
    expect(new Set(result.proposals.map((p) => p.helperId))).toEqual(new Set(['a', 'b']));
    expect(result.metrics.maxLoadShare).toBe(0.5);
    expect(result.metrics.loadGini).toBe(0);
  });

  it("gives scarce capacity to the dependent elder's need", async () => {
    const frail = need('frail', 'G1a', { priority: 75 });
    const sturdy = need('sturdy', 'G1a', { priority: 0 });
    const result = await runMatching(input([sturdy, frail], [person('only', 'G1a', { maxElders: 1 })]));
    expect(result.proposals.map((p) => p.needId)).toEqual(['frail']);
    expect(result.unmet).toEqual([
      { needId: 'sturdy', missing: 1, reason: 'NO_CAPACITY', escalation: 'COORDINATOR_QUEUE' },
    ]);
  });

  it('finds two different helpers for a bathing that takes two', async () => {
    const bath = need('bath', 'G1a', {
      serviceType: 'BATHING',
      helpersWanted: 2,
      weeklyMinutes: 60,
      slots: [{ weekday: 6, start: 14 * 60, end: 15 * 60 }],
    });
    const result = await runMatching(input([bath], [person('a', 'G1a'), person('b', 'G1a'), person('c', 'G2a')]));
    expect(result.proposals.map((p) => p.helperId)).toEqual(['a', 'b']);
  });
});

describe("the elder's word and the rules", () => {
  it('never proposes a refused helper, however near', async () => {
    const n = need('n1', 'G1a');
    const son = person('son', 'G1b');
    const result = await runMatching(
      input([{ ...n, refusedHelperIds: ['son'] }], [son, person('villager', 'G1b')], [kin(n, son)]),
    );
    expect(result.proposals.map((p) => p.helperId)).toEqual(['villager']);
    expect(result.proposals[0].runnersUp).toContainEqual({
      helperId: 'son',
      tier: 'KIN',
      reason: 'REFUSED',
      cost: null,
    });
  });

  it("honours the elder's choice over a nearer ring, unless the county softens it", async () => {
    const n = need('n1', 'G1a', { preferredHelperIds: ['villager'] });
    const result = await runMatching(input([n], [person('neighbour', 'G1a'), person('villager', 'G1b')]));
    // VILLAGE 18 − preference 70 = −52 < NEIGHBOUR 6: the chosen fellow villager comes.
    expect(result.proposals[0]).toMatchObject({ helperId: 'villager', cost: { preference: -70 } });
    const soft = await runMatching(
      input([n], [person('neighbour', 'G1a'), person('villager', 'G1b')], [], {
        policy: { ...input([], []).policy, preferenceBonus: 8 },
      }),
    );
    // A county that weighs the choice less: 18 − 8 = 10 > 6, the neighbour stays cheaper.
    expect(soft.proposals[0].helperId).toBe('neighbour');
  });

  it('requires a valid certificate where the service needs one', async () => {
    const bath = need('bath', 'G1a', { serviceType: 'BATHING', certificates: ['ELDER_CARE'] });
    const expired = person('expired', 'G1a', { certificates: [{ kind: 'ELDER_CARE', expiresOn: '2026-01-01' }] });
    const valid = person('valid', 'G1b', { certificates: [{ kind: 'ELDER_CARE', expiresOn: '2027-06-30' }] });
    const result = await runMatching(input([bath], [expired, valid]));
    expect(result.proposals.map((p) => [p.helperId, p.tier])).toEqual([['valid', 'VILLAGE']]);
    const none = await runMatching(input([bath], [expired]));
    expect(none.unmet).toEqual([
      { needId: 'bath', missing: 1, reason: 'CERTIFICATE', escalation: 'COORDINATOR_QUEUE' },
    ]);
  });

  it('checks windows: a helper free only in the morning does not take a lunch round', async () => {
    const morning = person('morning', 'G1a', {
      availability: [1, 3, 5].map((weekday) => ({ weekday, start: 7 * 60, end: 10 * 60 })),
    });
    const result = await runMatching(input([need('n1', 'G1a')], [morning]));
    expect(result.unmet[0]).toMatchObject({ reason: 'WINDOW' });
  });
});

describe('the safety net', () => {
  it('escalates a need nobody near can take: to an organisation when one serves, else to the coordinator', async () => {
    const lonely = need('lonely', 'G2a', { priority: 80, slots: [{ weekday: 2, start: 17 * 60, end: 18 * 60 }] });
    const nobody = need('nobody', 'G2a', { serviceType: 'COUNSELLING' });
    const home = organisation('home', ['V2']);
    const result = await runMatching(input([lonely, nobody], [home]));
    expect(result.unmet).toEqual([
      { needId: 'lonely', missing: 1, reason: 'WINDOW', escalation: 'ORGANISATION_RING' },
      { needId: 'nobody', missing: 1, reason: 'NO_CANDIDATE', escalation: 'COORDINATOR_QUEUE' },
    ]);
    expect(result.proposals).toEqual([
      expect.objectContaining({ needId: 'lonely', helperId: 'home', tier: 'ORGANISATION', safetyNet: true }),
    ]);
    expect(result.metrics.unmetByReason).toEqual({ WINDOW: 1, NO_CANDIDATE: 1 });
  });

  it('lets an organisation take in-window needs in the ordinary way, within its daily capacity', async () => {
    const needs = ['a', 'b', 'c'].map((id) =>
      need(id, 'G2a', { slots: [{ weekday: 1, start: 11 * 60, end: 12 * 60 }], weeklyMinutes: 30 }),
    );
    const result = await runMatching(input(needs, [organisation('kitchen', ['V2'], { dailyOccurrences: 2 })]));
    expect(result.proposals.filter((p) => !p.safetyNet)).toHaveLength(2);
    expect(result.unmet).toHaveLength(1);
    expect(result.unmet[0].escalation).toBe('COORDINATOR_QUEUE');
  });
});

describe('determinism', () => {
  it('gives the same output for the same input, whatever the order it arrives in', async () => {
    const needs = Array.from({ length: 12 }, (_, i) =>
      need(`n${String(i).padStart(2, '0')}`, i % 2 ? 'G1a' : 'G1b', { priority: i * 7 }),
    );
    const helpers = Array.from({ length: 5 }, (_, i) => person(`h${i}`, i % 2 ? 'G1a' : 'G1b', { weeklyMinutes: 200 }));
    const strip = (r: Awaited<ReturnType<typeof runMatching>>) =>
      JSON.stringify({ ...r, metrics: { ...r.metrics, solveMs: 0 } });
    const first = strip(await runMatching(input(needs, helpers)));
    const again = strip(await runMatching(input([...needs].reverse(), [...helpers].reverse())));
    expect(again).toBe(first);
  });
});

describe('county-wide organisations', () => {
  it('give their places to what the rings leave unmet, most urgent first', async () => {
    const centre = organisation('centre', ['C'], {
      serviceTypes: ['MEDICAL_ESCORT'],
      maxElders: 1,
      dailyOccurrences: null,
      availability: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: 8 * 60, end: 17 * 60 })),
    });
    const escort = (id: string, priority: number) =>
      need(id, 'G1a', {
        serviceType: 'MEDICAL_ESCORT',
        priority,
        slots: [{ weekday: 2, start: 9 * 60, end: 12 * 60 }],
        minutesPerOccurrence: 120,
        weeklyMinutes: 120,
      });
    const result = await runMatching(input([escort('mild', 10), escort('urgent', 85)], [centre]));
    expect(result.proposals).toEqual([
      expect.objectContaining({ needId: 'urgent', helperId: 'centre', tier: 'ORGANISATION', safetyNet: true }),
    ]);
    expect(result.unmet).toEqual([
      { needId: 'mild', missing: 1, reason: 'NO_CANDIDATE', escalation: 'COORDINATOR_QUEUE' },
      { needId: 'urgent', missing: 1, reason: 'NO_CANDIDATE', escalation: 'ORGANISATION_RING' },
    ]);
  });
});

describe("the kin ring ends at the county's maxKinDegree (default 3), on both sides of the boundary", () => {
  // Hand-built expectations: the need is in group G1a; the relative lives in G1b (same village,
  // other group), so without the kin ring they are fellow villagers (VILLAGE, cost 18), with it KIN (cost 0).
  const ringFor = async (degree: number, extra: Partial<ReturnType<typeof input>> = {}) => {
    const n = need('n1', 'G1a');
    const relative = person('relative', 'G1b');
    const result = await runMatching(input([n], [relative], [kin(n, relative, degree)], extra));
    expect(result.proposals).toHaveLength(1);
    return { tier: result.proposals[0].tier, tierCost: result.proposals[0].cost.tier };
  };

  it('counts degrees 1, 2 and 3 as kin, and 4 as a fellow villager', async () => {
    expect(await ringFor(1)).toEqual({ tier: 'KIN', tierCost: 0 });
    expect(await ringFor(2)).toEqual({ tier: 'KIN', tierCost: 0 });
    expect(await ringFor(3)).toEqual({ tier: 'KIN', tierCost: 0 });
    expect(await ringFor(4)).toEqual({ tier: 'VILLAGE', tierCost: 18 });
  });

  it('lets kin of degree 3 come from another village, but not kin of degree 4', async () => {
    const n = need('n1', 'G1a');
    const cousin = person('cousin', 'G2a');
    const third = await runMatching(input([n], [cousin], [kin(n, cousin, 3)]));
    expect(third.proposals.map((p) => [p.needId, p.helperId, p.tier, p.safetyNet])).toEqual([
      ['n1', 'cousin', 'KIN', false],
    ]);
    expect(third.unmet).toEqual([]);
    const fourth = await runMatching(input([n], [cousin], [kin(n, cousin, 4)]));
    expect(fourth.proposals).toEqual([]);
    expect(fourth.unmet).toEqual([
      { needId: 'n1', missing: 1, reason: 'NO_CANDIDATE', escalation: 'COORDINATOR_QUEUE' },
    ]);
  });

  it("follows the county's own limit: with maxKinDegree 2, degree 2 is kin and degree 3 is not", async () => {
    const policy = { ...input([], []).policy, maxKinDegree: 2 };
    expect(await ringFor(2, { policy })).toEqual({ tier: 'KIN', tierCost: 0 });
    expect(await ringFor(3, { policy })).toEqual({ tier: 'VILLAGE', tierCost: 18 });
  });

  it("prefers a degree-3 relative to a neighbour in the elder's own group", async () => {
    const n = need('n1', 'G1a');
    const relative = person('relative', 'G2a');
    const neighbour = person('neighbour', 'G1a');
    const result = await runMatching(input([n], [relative, neighbour], [kin(n, relative, 3)]));
    expect(result.proposals.map((p) => [p.helperId, p.tier])).toEqual([['relative', 'KIN']]);
    expect(result.proposals[0].runnersUp).toEqual([
      { helperId: 'neighbour', tier: 'NEIGHBOUR', reason: 'FARTHER_RING', cost: 6.27 },
    ]);
  });
});
