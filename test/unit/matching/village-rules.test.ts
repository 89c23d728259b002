import { describe, expect, it } from 'vitest';
import { componentOf, runMatching } from '../../../src/matching/engine.ts';
import { input, kin, need, person } from './builders.ts';

describe('kin first, per elder', () => {
  /**
   * The case villagers would not accept: the mother's son lives among elder B's neighbours, and a
   * neighbour of the mother is free. By cost alone the son goes to B as a neighbour (6) and the
   * mother gets her neighbour (6): 12, cheaper than son → mother (0) + neighbour → B as a fellow
   * villager (18).
   */
  const mother = need('mother', 'G1a');
  const elderB = need('b', 'G1b');
  const son = person('son', 'G1b', { maxElders: 1 });
  const neighbour = person('neighbour', 'G1a', { maxElders: 1 });

  it("keeps a son with his own mother, though trading him to a neighbour's elder would cost less", async () => {
    const result = await runMatching(input([mother, elderB], [son, neighbour], [kin(mother, son)]));
    expect(result.proposals.map((p) => [p.needId, p.helperId, p.tier])).toEqual([
      ['b', 'neighbour', 'VILLAGE'],
      ['mother', 'son', 'KIN'],
    ]);
    expect(result.unmet).toEqual([]);
  });

  it('lets the son serve another elder when his mother refused him', async () => {
    const refusing = { ...mother, refusedHelperIds: ['son'] };
    const result = await runMatching(input([refusing, elderB], [son, neighbour], [kin(mother, son)]));
    expect(result.proposals.map((p) => [p.needId, p.helperId])).toEqual([
      ['b', 'son'],
      ['mother', 'neighbour'],
    ]);
  });

  it('lets the son help elsewhere too when he has room for his mother as well', async () => {
    const roomy = { ...son, maxElders: 2 };
    const result = await runMatching(input([mother, elderB], [roomy, neighbour], [kin(mother, son)]));
    const bySon = result.proposals.filter((p) => p.helperId === 'son').map((p) => p.needId);
    expect(bySon).toContain('mother');
  });
});

describe('the 兜底 elder comes first', () => {
  /**
   * One helper with room for one elder's hour a week... or two shorter needs. A dependent,
   * solitary bottom-line elder (urgent, priority 80) against two independent elders (low, 15):
   * by the weighted penalty alone 1000 + 800 < 2 × (1000 + 150), so the two would be served.
   */
  const urgent = need('urgent', 'G1a', { priority: 80, weeklyMinutes: 180 });
  const lowA = need('low-a', 'G1a', { priority: 15 });
  const lowB = need('low-b', 'G1a', { priority: 15 });
  const helper = person('helper', 'G1a', { weeklyMinutes: 180 });

  it('serves the urgent need before two low ones when capacity allows one or the other', async () => {
    const result = await runMatching(input([urgent, lowA, lowB], [helper]));
    expect(result.proposals.map((p) => p.needId)).toEqual(['urgent']);
    expect(result.unmet.map((u) => u.needId)).toEqual(['low-a', 'low-b']);
  });

  it('counts heads instead when the county chooses HEADCOUNT', async () => {
    const policy = { ...input([], []).policy, coverage: 'HEADCOUNT' as const };
    const result = await runMatching(input([urgent, lowA, lowB], [helper], [], { policy }));
    expect(result.proposals.map((p) => p.needId)).toEqual(['low-a', 'low-b']);
  });
});

describe('fair load from the first minute', () => {
  it('gives six equal needs to three idle equal helpers two each, not three, three and none', async () => {
    const needs = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => need(id, 'G1a'));
    const helpers = ['h1', 'h2', 'h3'].map((id) => person(id, 'G1a', { maxElders: 6 }));
    const result = await runMatching(input(needs, helpers));
    const load = new Map<string, number>();
    for (const p of result.proposals) load.set(p.helperId, (load.get(p.helperId) ?? 0) + 1);
    expect([...load.values()].sort()).toEqual([2, 2, 2]);
  });
});

describe('one elder, one familiar face', () => {
  const meal = need('meal', 'G1a');
  const visit = need('visit', 'G1a', { elderId: meal.elderId, serviceType: 'VISIT_CHECK' });

  it('counts an elder with two needs as one elder against maxElders', async () => {
    const result = await runMatching(input([meal, visit], [person('only', 'G1a', { maxElders: 1 })]));
    expect(result.proposals.map((p) => [p.needId, p.helperId])).toEqual([
      ['meal', 'only'],
      ['visit', 'only'],
    ]);
  });

  it('gives both needs of an elder to one helper rather than spreading them for a small saving', async () => {
    const result = await runMatching(input([meal, visit], [person('a', 'G1a'), person('b', 'G1a')]));
    expect(new Set(result.proposals.map((p) => p.helperId)).size).toBe(1);
    expect(result.proposals).toHaveLength(2);
  });

  it('prefers one helper for both needs to two helpers who each offer one of them', async () => {
    const both = person('both', 'G1a', { serviceTypes: ['MEAL_DELIVERY', 'VISIT_CHECK'] });
    const visits = person('visits', 'G1a', { serviceTypes: ['VISIT_CHECK'] });
    const meals = person('meals', 'G1a', { serviceTypes: ['MEAL_DELIVERY'] });
    const result = await runMatching(input([meal, visit], [both, visits, meals]));
    expect(result.proposals.map((p) => p.helperId)).toEqual(['both', 'both']);
  });

  it('lets an elder already served by a helper take no new place of that helper', async () => {
    const known = { ...meal, currentHelperIds: ['full'] };
    const result = await runMatching(
      input([known], [person('full', 'G1a', { maxElders: 1, committedElders: 1, committedMinutes: 90 })]),
    );
    expect(result.proposals.map((p) => p.helperId)).toEqual(['full']);
  });
});

describe("a helper's day", () => {
  it('fits what is placed in a window into it: four half-hour needs in one free hour get two', async () => {
    const monday = [{ weekday: 1, start: 11 * 60, end: 12 * 60 }];
    const needs = ['a', 'b', 'c', 'd'].map((id) =>
      need(id, 'G1a', { slots: monday, minutesPerOccurrence: 30, weeklyMinutes: 30 }),
    );
    const result = await runMatching(input(needs, [person('h', 'G1a', { availability: monday, maxElders: 10 })]));
    expect(result.proposals).toHaveLength(2);
    expect(result.unmet).toHaveLength(2);
  });
});

describe('the cadre ring (包帮助养)', () => {
  it('puts a paired party member after kin and before neighbours', async () => {
    const n = need('n1', 'G1a');
    const cadre = person('cadre', 'G1b');
    const neighbour = person('neighbour', 'G1a');
    const pairing = { a: n.elderId, b: cadre.personId!, kind: 'CADRE_PAIRING' as const, degree: null };
    const withCadre = await runMatching(input([n], [cadre, neighbour], [pairing]));
    expect(withCadre.proposals.map((p) => [p.helperId, p.tier])).toEqual([['cadre', 'CADRE']]);
    expect(withCadre.metrics.tierMix.CADRE).toBe(1);
    const son = person('son', 'G2a');
    const withSon = await runMatching(input([n], [cadre, neighbour, son], [pairing, kin(n, son)]));
    expect(withSon.proposals.map((p) => [p.helperId, p.tier])).toEqual([['son', 'KIN']]);
    expect(withSon.proposals[0].runnersUp[0]).toMatchObject({
      helperId: 'cadre',
      tier: 'CADRE',
      reason: 'FARTHER_RING',
    });
  });
});

describe('a run focused on one need', () => {
  it('keeps only the needs that share villagers with it: its component, not the rest of the region', async () => {
    const fresh = need('fresh', 'G1a');
    const sameHelpers = need('near', 'G1a');
    const apart = need('apart', 'G2a');
    const input1 = input([fresh, sameHelpers, apart], [person('a', 'G1a'), person('z', 'G2a')]);
    expect(componentOf(input1, ['fresh']).needs.map((n) => n.id)).toEqual(['fresh', 'near']);
    expect(componentOf(input1, ['apart']).needs.map((n) => n.id)).toEqual(['apart']);
    const focused = await runMatching(componentOf(input1, ['fresh']));
    const whole = await runMatching(input1);
    expect(focused.proposals).toEqual(whole.proposals.filter((p) => p.needId !== 'apart'));
  });
});

describe('kin first frees a relative once the elder is well served', () => {
  const monday = [{ weekday: 1, start: 11 * 60, end: 12 * 60 }];
  const tuesday = [{ weekday: 2, start: 11 * 60, end: 12 * 60 }];

  it('lets a brother help a neighbour while his sibling cares for their mother', async () => {
    const mother = need('mother', 'G1a', { slots: monday, weeklyMinutes: 30 });
    const other = need('other', 'G1b', { slots: tuesday, weeklyMinutes: 30 });
    const s1 = person('s1', 'G1a', { availability: monday });
    const s2 = person('s2', 'G1b', { availability: tuesday.concat(monday), weeklyMinutes: 30 });
    const result = await runMatching(input([mother, other], [s1, s2], [kin(mother, s1), kin(mother, s2)]));
    expect(result.proposals.map((p) => [p.needId, p.helperId])).toEqual([
      ['mother', 's1'],
      ['other', 's2'],
    ]);
  });

  it('lets the son help a neighbour when his mother chose someone else', async () => {
    const mother = need('mother', 'G1a', { preferredHelperIds: ['chosen'] });
    const other = need('other', 'G1b');
    const son = person('son', 'G1b', { maxElders: 1 });
    const chosen = person('chosen', 'G1a', { serviceTypes: ['MEAL_DELIVERY'] });
    const result = await runMatching(input([mother, other], [son, chosen], [kin(mother, son)]));
    expect(result.proposals.map((p) => [p.needId, p.helperId])).toEqual([
      ['mother', 'chosen'],
      ['other', 'son'],
    ]);
  });
});

describe('one-off needs on different dates', () => {
  it('do not share a day: two one-off visits on different Wednesdays both fit one free hour', async () => {
    const wednesday = [{ weekday: 3, start: 9 * 60, end: 10 * 60 }];
    const first = need('first', 'G1a', {
      slots: wednesday,
      minutesPerOccurrence: 60,
      weeklyMinutes: 60,
      onDate: '2026-12-02',
    });
    const second = need('second', 'G1a', {
      slots: wednesday,
      minutesPerOccurrence: 60,
      weeklyMinutes: 60,
      onDate: '2026-12-09',
    });
    const sameDay = need('same', 'G1a', {
      slots: wednesday,
      minutesPerOccurrence: 60,
      weeklyMinutes: 60,
      onDate: '2026-12-02',
    });
    const helper = person('h', 'G1a', { availability: wednesday, maxElders: 5 });
    const result = await runMatching(input([first, second], [helper]));
    expect(result.proposals.map((p) => p.needId)).toEqual(['first', 'second']);
    const clash = await runMatching(input([first, sameDay], [helper]));
    expect(clash.proposals).toHaveLength(1);
  });
});
