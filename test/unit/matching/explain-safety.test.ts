import { describe, expect, it } from 'vitest';
import type { NeedCandidates, Rejection } from '../../../src/matching/candidates.ts';
import { prepareInput } from '../../../src/matching/engine.ts';
import { explainProposals, unmetReason } from '../../../src/matching/explain.ts';
import type { Arc } from '../../../src/matching/model.ts';
import { safetyNet } from '../../../src/matching/safety-net.ts';
import type { MatchInput, RunnerUpReason } from '../../../src/matching/types.ts';
import { DEFAULT_MATCH_POLICY } from '../../../src/matching/policy.ts';
import { input, kin, MECHANICS_POLICY, need, organisation, person } from './builders.ts';

/** The arcs of `needId` to the given helpers, as the assignment would have chosen them. */
function choose(prepared: ReturnType<typeof prepareInput>['prepared'], picks: [string, string][]): Arc[] {
  return picks.map(([needId, helperId]) => {
    const entry = prepared.find((p) => p.prepared.need.id === needId)!;
    return [...entry.prepared.arcs, ...entry.pruned].find((arc) => arc.candidate.helper.id === helperId)!;
  });
}

function explain(given: MatchInput, picks: [string, string][]) {
  // Hand-computed costs below assume the mechanics policy unless a test sets its own.
  const matchInput = given.policy === DEFAULT_MATCH_POLICY ? { ...given, policy: MECHANICS_POLICY } : given;
  const { prepared, found } = prepareInput(matchInput);
  return explainProposals(choose(prepared, picks), prepared, found, matchInput.policy);
}

describe('explainProposals', () => {
  it('gives each part of the cost, the marginal workload at the final load included', () => {
    const n1 = need('n1', 'G1a', { weeklyMinutes: 200 });
    const n2 = need('n2', 'G1a', { weeklyMinutes: 200 });
    // a carries 100 minutes, 500 of 600 with both needs: the last 200 cost 180 × 0.04 up to 480, then 20 × 0.15.
    const a = person('a', 'G1b', { committedMinutes: 100 });
    const proposals = explain(input([n1, n2], [a]), [
      ['n1', 'a'],
      ['n2', 'a'],
    ]);
    expect(proposals.map((p) => [p.needId, p.helperId, p.tier, p.safetyNet, p.cost])).toEqual([
      [
        'n1',
        'a',
        'VILLAGE',
        false,
        { tier: 18, distance: 0, continuity: 0, preference: 0, reliability: 0, workload: 10.2, total: 28.2 },
      ],
      [
        'n2',
        'a',
        'VILLAGE',
        false,
        { tier: 18, distance: 0, continuity: 0, preference: 0, reliability: 0, workload: 10.2, total: 28.2 },
      ],
    ]);
  });

  it('charges an organisation its price per minute as its workload, rounded to cents', () => {
    const n1 = need('n1', 'G1a', { weeklyMinutes: 77, slots: [{ weekday: 1, start: 600, end: 700 }] });
    const [proposal] = explain(input([n1], [organisation('home', ['V1'])]), [['n1', 'home']]);
    expect(proposal.cost).toEqual({
      tier: 40,
      distance: 0,
      continuity: 0,
      preference: 0,
      reliability: 0,
      workload: 1.54,
      total: 41.54,
    });
  });

  it('rounds the marginal workload and the total to cents', () => {
    const n1 = need('n1', 'G1a', { weeklyMinutes: 91 });
    const a = person('a', 'G1b', { weeklyMinutes: 601, committedMinutes: 290 });
    const [proposal] = explain(input([n1], [a]), [['n1', 'a']]);
    // 10.5 minutes up to 300.5 at 0.01, 80.5 at 0.04: 0.105 + 3.22 = 3.325.
    expect(proposal.cost.workload).toBe(3.33);
    expect(proposal.cost.total).toBe(21.33);
  });

  it('names up to three runners-up, cheapest first, and why each came second', () => {
    const n1 = need('n1', 'G1a');
    const son = person('son', 'G2a');
    const nb = person('nb', 'G1a');
    const full = person('full', 'G1a', { weeklyMinutes: 150 });
    const v1 = person('v1', 'G1b');
    const v2 = person('v2', 'G1b');
    const busy = person('busy', 'G1a', { committedMinutes: 590 });
    const proposals = explain(
      input([n1, need('n2', 'G1a', { weeklyMinutes: 90 })], [son, nb, full, v1, v2, busy], [kin(n1, son)]),
      [
        ['n1', 'nb'],
        ['n2', 'full'],
      ],
    );
    expect(proposals[0].runnersUp).toEqual([
      // Costs as each would have come: the ring plus their workload at this run's load (idle: 90 × 0.01).
      { helperId: 'son', tier: 'KIN', reason: 'HIGHER_COST', cost: 0.9 },
      // Had room before the run; the run gave it to n2's elder. Past capacity the pieces stop at 150: 6 + 5.7.
      { helperId: 'full', tier: 'NEIGHBOUR', reason: 'TAKEN_IN_THIS_RUN', cost: 11.7, takenFor: 'n2' },
      { helperId: 'v1', tier: 'VILLAGE', reason: 'FARTHER_RING', cost: 18.9 },
    ]);
  });

  it('calls a helper full only past its capacity: exactly full still fits', () => {
    const n1 = need('n1', 'G1a');
    const n2 = need('n2', 'G1a');
    const exact = person('exact', 'G1a', { weeklyMinutes: 180 });
    const spare = person('spare', 'G1a');
    const proposals = explain(input([n1, n2], [exact, spare]), [
      ['n1', 'spare'],
      ['n2', 'exact'],
    ]);
    // exact takes 90 of 180 minutes; n1's 90 more would fill it to the minute, not past it.
    // Its cost is what it would have been at that load: 6 + 90 × 0.01 + 54 × 0.04 + 36 × 0.15 = 13.56.
    expect(proposals[0].runnersUp).toEqual([
      { helperId: 'exact', tier: 'NEIGHBOUR', reason: 'HIGHER_COST', cost: 13.56 },
    ]);
  });

  it('says a helper whose elder places this run filled was taken for another elder, naming the need', () => {
    const n1 = need('n1', 'G1a');
    const n2 = need('n2', 'G1a');
    const one = person('one', 'G1a', { maxElders: 1 });
    const spare = person('spare', 'G1a', { maxElders: 2 });
    const proposals = explain(input([n1, n2], [one, spare]), [
      ['n1', 'spare'],
      ['n2', 'one'],
    ]);
    expect(proposals[0].runnersUp).toEqual([
      { helperId: 'one', tier: 'NEIGHBOUR', reason: 'TAKEN_IN_THIS_RUN', cost: 6.9, takenFor: 'n2' },
    ]);
    expect(proposals[1].runnersUp).toEqual([
      { helperId: 'spare', tier: 'NEIGHBOUR', reason: 'HIGHER_COST', cost: 6.9 },
    ]);
  });

  it('fills the list with the helpers ruled out, nearest ring first, and leaves out the others chosen for the need', () => {
    const n1 = need('n1', 'G1a', { helpersWanted: 2, refusedHelperIds: ['refused'] });
    const son = person('son', 'G2a');
    const helpers = [
      person('a', 'G1a'),
      person('b', 'G1a'),
      person('refused', 'G1b'),
      person('late', 'G1a', { availability: [] }),
      son,
      person('c', 'G1b', { active: false }),
    ];
    const proposals = explain(input([n1], helpers, [kin(n1, son)]), [
      ['n1', 'a'],
      ['n1', 'b'],
    ]);
    expect(proposals[0].runnersUp).toEqual([
      { helperId: 'son', tier: 'KIN', reason: 'HIGHER_COST', cost: 0.9 },
      { helperId: 'late', tier: 'NEIGHBOUR', reason: 'WINDOW', cost: null },
      { helperId: 'c', tier: 'VILLAGE', reason: 'UNAVAILABLE', cost: null },
    ]);
  });

  it('includes helpers pruned from the model, after the kept ones', () => {
    const n1 = need('n1', 'G1a');
    const helpers = ['a', 'b', 'c'].map((id) => person(id, 'G1a'));
    const matchInput = input([n1], helpers, [], { policy: { ...input([], []).policy, maxCandidatesPerNeed: 1 } });
    const { prepared } = prepareInput(matchInput);
    expect(prepared[0].pruned.map((arc) => arc.candidate.helper.id)).toEqual(['b', 'c']);
    expect(explain(matchInput, [['n1', 'a']])[0].runnersUp.map((r) => r.helperId)).toEqual(['b', 'c']);
  });
});

describe('unmetReason', () => {
  const n = need('n1', 'G1a');
  const rejection = (reason: RunnerUpReason): Rejection => ({ helper: person(reason, 'G1a'), tier: 'VILLAGE', reason });
  const reasonOf = (rejections: Rejection[], candidates: NeedCandidates['candidates'] = []) =>
    unmetReason({ need: n, candidates, rejections });

  it('says no capacity when there were candidates, and no candidate when nobody offered', () => {
    expect(
      reasonOf(
        [rejection('WINDOW')],
        [{ helper: person('a', 'G1a'), tier: 'VILLAGE', distanceKm: 0, preferred: false, continuity: false }],
      ),
    ).toBe('NO_CAPACITY');
    expect(reasonOf([])).toBe('NO_CANDIDATE');
  });

  it('gives the commonest reason, the more fixable one on a tie', () => {
    expect(reasonOf([rejection('REFUSED'), rejection('WINDOW'), rejection('REFUSED')])).toBe('REFUSED');
    expect(reasonOf([rejection('UNAVAILABLE'), rejection('DISTANCE')])).toBe('DISTANCE');
    expect(reasonOf([rejection('DISTANCE'), rejection('WINDOW')])).toBe('WINDOW');
    expect(reasonOf([rejection('WINDOW'), rejection('CERTIFICATE')])).toBe('CERTIFICATE');
    expect(reasonOf([rejection('UNAVAILABLE'), rejection('REFUSED')])).toBe('REFUSED');
    expect(reasonOf([rejection('UNAVAILABLE')])).toBe('UNAVAILABLE');
    // A suspended helper cannot come now: for the need, unavailable.
    expect(reasonOf([rejection('SUSPENDED'), rejection('SUSPENDED')])).toBe('UNAVAILABLE');
  });

  it('puts a full helper after windows and certificates on a tie', () => {
    expect(reasonOf([rejection('CAPACITY_FULL'), rejection('WINDOW')])).toBe('WINDOW');
    expect(reasonOf([rejection('DISTANCE'), rejection('CAPACITY_FULL')])).toBe('DISTANCE');
  });

  it('reports a full helper as no capacity', () => {
    expect(reasonOf([rejection('CAPACITY_FULL'), rejection('CAPACITY_FULL'), rejection('WINDOW')])).toBe('NO_CAPACITY');
    expect(reasonOf([rejection('REFUSED'), rejection('CAPACITY_FULL')])).toBe('NO_CAPACITY');
  });
});

describe('safetyNet', () => {
  const evening = [{ weekday: 2, start: 17 * 60, end: 18 * 60 }];
  const net = (
    short: { need: ReturnType<typeof need>; missing: number }[],
    matchInput: MatchInput,
    chosen: Arc[] = [],
  ) => [...safetyNet(short, matchInput, chosen)].map(([id, proposals]) => [id, proposals.map((p) => p.helperId)]);

  it('places the most urgent first, with an organisation whose hours fit before one that comes outside them', () => {
    const a = need('a', 'G1a', { priority: 10 });
    const b = need('b', 'G1a', { priority: 80, slots: evening });
    const c = need('c', 'G1a', { priority: 10 });
    const early = organisation('early', ['V1'], { maxElders: 2 });
    const late = organisation('late', ['C'], { maxElders: 1, availability: evening });
    expect(
      net(
        [
          { need: a, missing: 1 },
          { need: c, missing: 1 },
          { need: b, missing: 1 },
        ],
        input([a, b, c], [early, late]),
      ),
    ).toEqual([
      ['b', ['late']],
      ['a', ['early']],
      ['c', ['early']],
    ]);
  });

  it("proposes as many as are missing, each with its own organisation, at the organisation's price", () => {
    const n = need('n', 'G1a', { weeklyMinutes: 100 });
    const rescued = safetyNet(
      [{ need: n, missing: 2 }],
      input(
        [n],
        ['x', 'y', 'z'].map((id) => organisation(id, ['V1'])),
      ),
      [],
    );
    expect(rescued.get('n')).toEqual(
      ['x', 'y'].map((helperId) => ({
        needId: 'n',
        helperId,
        tier: 'ORGANISATION',
        cost: { tier: 40, distance: 0, continuity: 0, preference: 0, reliability: 0, workload: 2, total: 42 },
        safetyNet: true,
        preferred: false,
        outsideHours: false,
        runnersUp: [],
      })),
    );
  });

  it('says when an organisation comes outside its usual hours, and only then', () => {
    const lunch = need('lunch', 'G1a');
    const night = need('night', 'G1a', { slots: evening });
    const home = organisation('home', ['V1'], { maxElders: 5 });
    const rescued = safetyNet(
      [
        { need: lunch, missing: 1 },
        { need: night, missing: 1 },
      ],
      input([lunch, night], [home]),
      [],
    );
    expect(rescued.get('lunch')![0]).toMatchObject({ helperId: 'home', outsideHours: false });
    expect(rescued.get('night')![0]).toMatchObject({ helperId: 'home', outsideHours: true });
  });

  it('only asks organisations that are active, not suspended, consenting, offer the service, serve the elder, hold the certificates and were not refused', () => {
    const n = need('n', 'G1a', {
      certificates: ['ELDER_CARE'],
      refusedHelperIds: ['refused'],
      assignedHelperIds: ['assigned'],
    });
    const certified = { certificates: [{ kind: 'ELDER_CARE', expiresOn: '2030-01-01' }] };
    const helpers = [
      organisation('inactive', ['V1'], { ...certified, active: false }),
      organisation('suspended', ['V1'], { ...certified, suspended: true }),
      organisation('silent', ['V1'], { ...certified, consent: false }),
      organisation('cook', ['V1'], { ...certified, serviceTypes: ['BATHING'] }),
      organisation('away', ['V2'], certified),
      organisation('uncertified', ['V1']),
      organisation('refused', ['V1'], certified),
      organisation('assigned', ['V1'], certified),
      person('person', 'G1a', certified),
    ];
    expect(net([{ need: n, missing: 1 }], input([n], helpers))).toEqual([]);
    expect(net([{ need: n, missing: 1 }], input([n], [...helpers, organisation('fine', ['T'], certified)]))).toEqual([
      ['n', ['fine']],
    ]);
  });

  it('keeps within what each organisation has left after the assignment: minutes, elders and daily visits', () => {
    const n = need('n', 'G1a', {
      weeklyMinutes: 100,
      slots: [
        { weekday: 1, start: 600, end: 700 },
        { weekday: 1, start: 720, end: 780 },
      ],
    });
    const other = need('other', 'G1a', { weeklyMinutes: 100, slots: [{ weekday: 1, start: 600, end: 700 }] });
    const org = (extra: Parameters<typeof organisation>[2]) => organisation('org', ['V1'], extra);
    const chosenOn = (helper: ReturnType<typeof org>): Arc[] => [
      {
        need: other,
        candidate: { helper, tier: 'ORGANISATION', distanceKm: 0, preferred: false, continuity: false },
        cost: { tier: 0, distance: 0, continuity: 0, preference: 0, reliability: 0, organisation: 0, total: 0 },
      },
    ];
    const tryWith = (extra: Parameters<typeof organisation>[2]) => {
      const helper = org(extra);
      return net([{ need: n, missing: 1 }], input([n], [helper]), chosenOn(helper));
    };
    expect(tryWith({ weeklyMinutes: 200, maxElders: 2, dailyOccurrences: 3 })).toEqual([['n', ['org']]]);
    expect(tryWith({ weeklyMinutes: 199, maxElders: 2, dailyOccurrences: 3 })).toEqual([]);
    expect(tryWith({ weeklyMinutes: 300, committedMinutes: 101, maxElders: 2, dailyOccurrences: 3 })).toEqual([]);
    expect(tryWith({ weeklyMinutes: 200, maxElders: 1, dailyOccurrences: 3 })).toEqual([]);
    expect(tryWith({ weeklyMinutes: 200, maxElders: 3, committedElders: 1, dailyOccurrences: 4 })).toEqual([
      ['n', ['org']],
    ]);
    expect(tryWith({ weeklyMinutes: 200, maxElders: 3, committedElders: 1, dailyOccurrences: 3 })).toEqual([]);
    expect(tryWith({ weeklyMinutes: 200, maxElders: 2, dailyOccurrences: 2 })).toEqual([]);
    expect(tryWith({ weeklyMinutes: 200, maxElders: 2, dailyOccurrences: null })).toEqual([['n', ['org']]]);
  });

  it("does not count persons' assignments against an organisation, nor propose what was already chosen", () => {
    const n = need('n', 'G1a');
    const helper = organisation('org', ['V1'], { maxElders: 1 });
    const neighbour = person('nb', 'G1a');
    const byPerson: Arc = {
      need: n,
      candidate: { helper: neighbour, tier: 'NEIGHBOUR', distanceKm: 0, preferred: false, continuity: false },
      cost: { tier: 6, distance: 0, continuity: 0, preference: 0, reliability: 0, organisation: 0, total: 6 },
    };
    expect(net([{ need: n, missing: 1 }], input([n], [helper, neighbour]), [byPerson])).toEqual([['n', ['org']]]);
    const byOrg: Arc = {
      ...byPerson,
      candidate: { ...byPerson.candidate, helper: organisation('org', ['V1'], { maxElders: 5 }) },
    };
    expect(
      net([{ need: n, missing: 1 }], input([n], [organisation('org', ['V1'], { maxElders: 5 })]), [byOrg]),
    ).toEqual([]);
  });

  it('asks the organisations in id order, whatever order they came in', () => {
    const n = need('n', 'G1a');
    expect(
      net(
        [{ need: n, missing: 1 }],
        input([n], [organisation('b', ['V1']), organisation('c', ['V1']), organisation('a', ['V1'])]),
      ),
    ).toEqual([['n', ['a']]]);
    const late = need('late', 'G1a', { slots: [{ weekday: 2, start: 17 * 60, end: 18 * 60 }] });
    expect(
      net([{ need: late, missing: 1 }], input([late], [organisation('b', ['V1']), organisation('a', ['V1'])])),
    ).toEqual([['late', ['a']]]);
  });

  it('never proposes the same organisation twice for one need', () => {
    const n = need('n', 'G1a');
    expect(net([{ need: n, missing: 2 }], input([n], [organisation('only', ['V1'])]))).toEqual([['n', ['only']]]);
  });

  it("takes an organisation serving any one region on the elder's path", () => {
    const n = need('n', 'G1a');
    expect(net([{ need: n, missing: 1 }], input([n], [organisation('wide', ['V9', 'T'])]))).toEqual([['n', ['wide']]]);
  });

  it('uses up what an organisation has left as it places needs: minutes and daily visits', () => {
    const a = need('a', 'G1a', { priority: 50, weeklyMinutes: 100 });
    const b = need('b', 'G1a', { priority: 40, weeklyMinutes: 100 });
    const short = [
      { need: a, missing: 1 },
      { need: b, missing: 1 },
    ];
    expect(net(short, input([a, b], [organisation('org', ['V1'], { weeklyMinutes: 150 })]))).toEqual([['a', ['org']]]);
    expect(net(short, input([a, b], [organisation('org', ['V1'], { dailyOccurrences: 1 })]))).toEqual([['a', ['org']]]);
    expect(net(short, input([a, b], [organisation('org', ['V1'], { maxElders: 1 })]))).toEqual([['a', ['org']]]);
    expect(
      net(
        short,
        input([a, b], [organisation('org', ['V1'], { weeklyMinutes: 200, dailyOccurrences: 2, maxElders: 2 })]),
      ),
    ).toEqual([
      ['a', ['org']],
      ['b', ['org']],
    ]);
  });

  it('serves needs of equal urgency in id order', () => {
    const a = need('a', 'G1a', { priority: 30 });
    const b = need('b', 'G1a', { priority: 30 });
    const one = organisation('one', ['V1'], { maxElders: 1 });
    expect(
      net(
        [
          { need: b, missing: 1 },
          { need: a, missing: 1 },
        ],
        input([a, b], [one]),
      ),
    ).toEqual([['a', ['one']]]);
  });
});
