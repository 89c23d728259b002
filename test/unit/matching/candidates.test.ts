import { describe, expect, it } from 'vitest';
import {
  candidatesFor,
  certificatesValid,
  HelperIndex,
  isCountyWide,
  remainingElders,
  remainingMinutes,
  TieIndex,
  tierOf,
  windowsFit,
} from '../../../src/matching/candidates.ts';
import { distanceKm } from '../../../src/matching/geo.ts';
import { DEFAULT_MATCH_POLICY } from '../../../src/matching/policy.ts';
import type { MatchHelper, MatchNeed, MatchTie } from '../../../src/matching/types.ts';
import { need, organisation, person } from './builders.ts';

const policy = DEFAULT_MATCH_POLICY;
const TODAY = '2026-11-24';
const tie = (a: string, b: string, kind: MatchTie['kind'], degree: number | null = null): MatchTie => ({
  a,
  b,
  kind,
  degree,
});
const ids = (helpers: MatchHelper[]) => helpers.map((h) => h.id);

describe('TieIndex', () => {
  it('finds a tie from either end', () => {
    const index = new TieIndex([tie('elder', 'son', 'KIN', 1)]);
    expect(index.between('elder', 'son')).toEqual([tie('elder', 'son', 'KIN', 1)]);
    expect(index.between('son', 'elder')).toEqual([tie('elder', 'son', 'KIN', 1)]);
    expect([...index.others('son')]).toEqual(['elder']);
  });

  it('keeps every tie of a person, and every tie between the same two', () => {
    const ties = [tie('elder', 'son', 'KIN', 1), tie('elder', 'friend', 'FRIEND'), tie('friend', 'elder', 'KIN', 3)];
    const index = new TieIndex(ties);
    expect([...index.others('elder')]).toEqual(['son', 'friend']);
    expect(index.between('elder', 'friend')).toEqual([ties[1], ties[2]]);
    expect(index.between('friend', 'elder')).toEqual([ties[1], ties[2]]);
  });

  it('answers nothing for people without ties', () => {
    const index = new TieIndex([tie('elder', 'son', 'KIN', 1)]);
    expect(index.between('elder', 'stranger')).toEqual([]);
    expect(index.between('stranger', 'elder')).toEqual([]);
    expect([...index.others('stranger')]).toEqual([]);
  });
});

describe('HelperIndex', () => {
  const n = need('n1', 'G1a');

  it("finds the elder's fellow villagers who offer the service, each once, in id order", () => {
    const helpers = [
      person('c', 'G1b'),
      person('a', 'G1a', { serviceTypes: ['MEAL_DELIVERY', 'VISIT_CHECK'] }),
      person('b', 'G2a'),
      person('d', 'G1a', { serviceTypes: ['BATHING'] }),
    ];
    expect(ids(new HelperIndex(helpers, new TieIndex([])).for(n))).toEqual(['a', 'c']);
  });

  it("finds organisations by the regions they serve on the elder's path, not by where they sit", () => {
    const helpers = [
      organisation('home', ['V1']),
      organisation('county', ['C']),
      organisation('elsewhere', ['V2'], { villageId: 'V1' }),
      organisation('kitchen', ['V1'], { serviceTypes: ['BATHING'] }),
    ];
    expect(ids(new HelperIndex(helpers, new TieIndex([])).for(n))).toEqual(['county', 'home']);
  });

  it('finds people tied to the elder wherever they live, when they offer the service', () => {
    const son = person('son', 'G2a');
    const cook = person('cook', 'G2a', { serviceTypes: ['BATHING'] });
    const ties = new TieIndex([
      tie(n.elderId, son.personId!, 'KIN', 1),
      tie(cook.personId!, n.elderId, 'FRIEND'),
      tie(n.elderId, 'person-nobody', 'KIN', 1),
    ]);
    expect(ids(new HelperIndex([cook, son], ties).for(n))).toEqual(['son']);
  });

  it('finds the helpers pledged to the need, whatever they serve, and ignores unknown pledges', () => {
    const charity = organisation('charity', ['V9'], { serviceTypes: ['COUNSELLING'] });
    const index = new HelperIndex([charity, person('z', 'G2a')], new TieIndex([]));
    expect(ids(index.for({ ...n, pledgedHelperIds: ['charity', 'ghost'] }))).toEqual(['charity']);
    expect(ids(index.for(n))).toEqual([]);
  });

  it('lists a helper found in several ways once, and sorts them all by id', () => {
    const z = person('z', 'G1a', { servesRegionIds: ['V1'] });
    const y = organisation('y', ['T']);
    const x = person('x', 'G2a');
    const ties = new TieIndex([tie(n.elderId, z.personId!, 'KIN', 1), tie(n.elderId, x.personId!, 'KIN', 1)]);
    expect(ids(new HelperIndex([z, y, x], ties).for({ ...n, pledgedHelperIds: ['z', 'y'] }))).toEqual(['x', 'y', 'z']);
  });
});

describe('tierOf', () => {
  const n = need('n1', 'G1a');
  const tierWith = (helper: MatchHelper, ties: MatchTie[] = [], forNeed: MatchNeed = n, p = policy) =>
    tierOf(forNeed, helper, new TieIndex(ties), p);
  const h = person('h', 'G2a');

  it("puts a spouse and kin up to the county's degree in the KIN ring, from anywhere", () => {
    expect(tierWith(h, [tie(n.elderId, h.personId!, 'SPOUSE')])).toBe('KIN');
    expect(tierWith(h, [tie(n.elderId, h.personId!, 'KIN', 3)])).toBe('KIN');
    expect(tierWith(h, [tie(n.elderId, h.personId!, 'KIN', 4)])).toBeNull();
    expect(tierWith(h, [tie(n.elderId, h.personId!, 'KIN', 2)], n, { ...policy, maxKinDegree: 1 })).toBeNull();
  });

  it('does not count kin of unknown degree as the KIN ring', () => {
    expect(tierWith(h, [tie(n.elderId, h.personId!, 'KIN', null)])).toBeNull();
    expect(tierWith(h, [tie(n.elderId, h.personId!, 'KIN', null)], n, { ...policy, maxKinDegree: 99 })).toBe('KIN');
  });

  it('counts only kin ties by degree: a neighbour tie is no kin, whatever degree it carries', () => {
    expect(tierWith(h, [tie(n.elderId, h.personId!, 'NEIGHBOUR', 1)])).toBe('NEIGHBOUR');
  });

  it('takes the nearest of several ties', () => {
    expect(tierWith(h, [tie(n.elderId, h.personId!, 'FRIEND'), tie(n.elderId, h.personId!, 'KIN', 2)])).toBe('KIN');
  });

  it("puts neighbours and friends, and members of the elder's group, in the NEIGHBOUR ring", () => {
    expect(tierWith(h, [tie(n.elderId, h.personId!, 'NEIGHBOUR')])).toBe('NEIGHBOUR');
    expect(tierWith(h, [tie(h.personId!, n.elderId, 'FRIEND')])).toBe('NEIGHBOUR');
    expect(tierWith(person('g', 'G1a'))).toBe('NEIGHBOUR');
  });

  it("needs a group on the elder's side for the group to count", () => {
    const groupless = { ...n, groupId: null };
    expect(tierWith(person('g', 'G1a', { groupId: null }), [], groupless)).toBe('VILLAGE');
  });

  it('puts other villagers in the VILLAGE ring, and people elsewhere in none', () => {
    expect(tierWith(person('v', 'G1b'))).toBe('VILLAGE');
    expect(tierWith(h)).toBeNull();
  });

  it("puts an organisation serving a region on the elder's path, or pledged to the need, in the ORGANISATION ring", () => {
    expect(tierWith(organisation('home', ['T']))).toBe('ORGANISATION');
    expect(tierWith(organisation('away', ['V2']))).toBeNull();
    // Where an organisation sits does not make it a villager or a neighbour.
    expect(tierWith(organisation('sits', ['V2'], { villageId: 'V1', groupId: 'G1a' }))).toBeNull();
    expect(tierWith(organisation('away', ['V2']), [], { ...n, pledgedHelperIds: ['away'] })).toBe('ORGANISATION');
    expect(tierWith(person('v', 'G1b'), [], { ...n, pledgedHelperIds: ['v'] })).toBe('ORGANISATION');
  });
});

describe('isCountyWide', () => {
  const n = need('n1', 'G1a');

  it("is an organisation serving the elder's whole county that did not pledge to this need", () => {
    expect(isCountyWide(organisation('centre', ['C']), n)).toBe(true);
    expect(isCountyWide(organisation('home', ['V1']), n)).toBe(false);
    expect(isCountyWide(organisation('centre', ['C']), { ...n, pledgedHelperIds: ['centre'] })).toBe(false);
    expect(isCountyWide({ ...organisation('centre', ['C']), personId: 'someone' }, n)).toBe(false);
  });
});

describe('windowsFit', () => {
  const n = need('n1', 'G1a', {
    slots: [
      { weekday: 1, start: 600, end: 720 },
      { weekday: 3, start: 600, end: 720 },
    ],
    minutesPerOccurrence: 30,
  });
  const free = (...slots: [number, number, number][]) =>
    person('h', 'G1a', { availability: slots.map(([weekday, start, end]) => ({ weekday, start, end })) });

  it('needs the helper free for one occurrence inside every window of the need', () => {
    expect(windowsFit(n, free([1, 600, 720], [3, 600, 720]))).toBe(true);
    expect(windowsFit(n, free([1, 600, 720]))).toBe(false);
    expect(windowsFit(n, free([1, 600, 720], [4, 600, 720]))).toBe(false);
  });

  it('counts only the overlap, which may be exactly one occurrence long', () => {
    expect(windowsFit(n, free([1, 690, 900], [3, 0, 630]))).toBe(true);
    expect(windowsFit(n, free([1, 691, 900], [3, 0, 630]))).toBe(false);
    expect(windowsFit(n, free([1, 690, 900], [3, 0, 629]))).toBe(false);
    expect(windowsFit(n, free([1, 300, 900], [3, 610, 640]))).toBe(true);
  });

  it('lets a need without windows fit anyone', () => {
    expect(windowsFit({ ...n, slots: [] }, free())).toBe(true);
  });
});

describe('certificatesValid', () => {
  const n = need('n1', 'G1a', { certificates: ['ELDER_CARE', 'FIRST_AID'] });
  const holding = (...certificates: [string, string][]) =>
    person('h', 'G1a', { certificates: certificates.map(([kind, expiresOn]) => ({ kind, expiresOn })) });

  it('needs every certificate the need asks for, unexpired after today', () => {
    expect(certificatesValid(n, holding(['ELDER_CARE', '2027-01-01'], ['FIRST_AID', '2026-11-25']), TODAY)).toBe(true);
    expect(certificatesValid(n, holding(['ELDER_CARE', '2027-01-01'], ['FIRST_AID', '2026-11-24']), TODAY)).toBe(false);
    expect(certificatesValid(n, holding(['ELDER_CARE', '2027-01-01']), TODAY)).toBe(false);
    expect(certificatesValid(n, holding(['ELDER_CARE', '2027-01-01'], ['DRIVING', '2027-01-01']), TODAY)).toBe(false);
    expect(certificatesValid({ ...n, certificates: [] }, holding(), TODAY)).toBe(true);
  });
});

describe('remaining capacity', () => {
  it('is what is left of the week and of the elders, never below zero', () => {
    expect(remainingMinutes(person('h', 'G1a', { weeklyMinutes: 600, committedMinutes: 150 }))).toBe(450);
    expect(remainingMinutes(person('h', 'G1a', { weeklyMinutes: 600, committedMinutes: 700 }))).toBe(0);
    expect(remainingElders(person('h', 'G1a', { maxElders: 5, committedElders: 2 }))).toBe(3);
    expect(remainingElders(person('h', 'G1a', { maxElders: 2, committedElders: 3 }))).toBe(0);
  });
});

describe('distanceKm', () => {
  it('is the great-circle distance', () => {
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 0 })).toBe(0);
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 })).toBeCloseTo(111.19, 2);
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 1 })).toBeCloseTo(111.19, 2);
    expect(distanceKm({ latitude: 60, longitude: 0 }, { latitude: 60, longitude: 1 })).toBeCloseTo(55.6, 1);
    expect(distanceKm({ latitude: 60, longitude: 1 }, { latitude: 60, longitude: 0 })).toBeCloseTo(55.6, 1);
    expect(distanceKm({ latitude: 30, longitude: 120 }, { latitude: 31, longitude: 121 })).toBeCloseTo(146.7, 0);
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 })).toBeCloseTo(20015.09, 1);
  });
});

describe('candidatesFor', () => {
  const run = (n: MatchNeed, helpers: MatchHelper[], ties: MatchTie[] = [], p = policy) => {
    const tieIndex = new TieIndex(ties);
    return candidatesFor(n, new HelperIndex(helpers, tieIndex), tieIndex, p, TODAY);
  };
  const reasons = (found: ReturnType<typeof run>) => found.rejections.map((r) => [r.helper.id, r.tier, r.reason]);
  const n = need('n1', 'G1a');

  it('lists who may serve, with ring, distance, preference and continuity', () => {
    const found = run({ ...n, preferredHelperIds: ['a'], currentHelperIds: ['b'] }, [
      person('a', 'G1a'),
      person('b', 'G1b'),
    ]);
    expect(found.need.id).toBe('n1');
    expect(found.candidates.map((c) => [c.helper.id, c.tier, c.distanceKm, c.preferred, c.continuity])).toEqual([
      ['a', 'NEIGHBOUR', 0, true, false],
      ['b', 'VILLAGE', 0, false, true],
    ]);
    expect(found.rejections).toEqual([]);
  });

  it('never offers the elder to themselves, a helper already confirmed, or a county-wide organisation', () => {
    const self = { ...person('self', 'G1a'), personId: n.elderId };
    const found = run({ ...n, assignedHelperIds: ['done'] }, [
      self,
      person('done', 'G1a'),
      organisation('centre', ['C']),
    ]);
    expect(found.candidates).toEqual([]);
    expect(found.rejections).toEqual([]);
  });

  it('says why each helper offering the service was ruled out, the first reason that applies', () => {
    const found = run({ ...n, refusedHelperIds: ['refused'], certificates: ['ELDER_CARE'] }, [
      person('refused', 'G1a', { active: false }),
      person('inactive', 'G1a', { active: false, certificates: [] }),
      person('noConsent', 'G1a', { consent: false }),
      person('suspended', 'G1a', { suspended: true, certificates: [{ kind: 'ELDER_CARE', expiresOn: '2027-01-01' }] }),
      person('uncertified', 'G1a'),
      person('late', 'G1a', {
        certificates: [{ kind: 'ELDER_CARE', expiresOn: '2027-01-01' }],
        availability: [{ weekday: 1, start: 0, end: 60 }],
      }),
      person('busy', 'G1a', { certificates: [{ kind: 'ELDER_CARE', expiresOn: '2027-01-01' }], committedMinutes: 511 }),
      person('crowded', 'G1a', { certificates: [{ kind: 'ELDER_CARE', expiresOn: '2027-01-01' }], committedElders: 5 }),
      person('ok', 'G1a', {
        certificates: [{ kind: 'ELDER_CARE', expiresOn: '2027-01-01' }],
        committedMinutes: 510,
        committedElders: 4,
      }),
    ]);
    expect(reasons(found)).toEqual([
      ['busy', 'NEIGHBOUR', 'CAPACITY_FULL'],
      ['crowded', 'NEIGHBOUR', 'CAPACITY_FULL'],
      ['inactive', 'NEIGHBOUR', 'UNAVAILABLE'],
      ['late', 'NEIGHBOUR', 'WINDOW'],
      ['noConsent', 'NEIGHBOUR', 'UNAVAILABLE'],
      ['refused', 'NEIGHBOUR', 'REFUSED'],
      ['suspended', 'NEIGHBOUR', 'SUSPENDED'],
      ['uncertified', 'NEIGHBOUR', 'CERTIFICATE'],
    ]);
    expect(found.candidates.map((c) => c.helper.id)).toEqual(['ok']);
  });

  it('rules out a helper too far to travel, measured when both have coordinates', () => {
    const home = { latitude: 30, longitude: 120 };
    const near = { latitude: 30.02, longitude: 120 };
    const far = { latitude: 30.05, longitude: 120 };
    const located = { ...n, location: home };
    const found = run(
      located,
      [
        person('near', 'G2a', { location: near, travelRadiusKm: 3 }),
        person('far', 'G1b', { location: far, travelRadiusKm: 3 }),
      ],
      [tie(n.elderId, 'person-near', 'KIN', 1)],
    );
    expect(found.candidates.map((c) => [c.helper.id, c.tier, Math.round(c.distanceKm * 100) / 100])).toEqual([
      ['near', 'KIN', 2.22],
    ]);
    expect(reasons(found)).toEqual([['far', 'VILLAGE', 'DISTANCE']]);
    const exactly = run(located, [person('edge', 'G1b', { location: near, travelRadiusKm: distanceKm(home, near) })]);
    expect(exactly.candidates.map((c) => c.helper.id)).toEqual(['edge']);
  });

  it("without coordinates, lets kin come from anywhere but others only from the elder's village", () => {
    const away = person('away', 'G2a');
    const kinFound = run(n, [away], [tie(n.elderId, away.personId!, 'KIN', 2)]);
    expect(kinFound.candidates.map((c) => [c.helper.id, c.tier, c.distanceKm])).toEqual([['away', 'KIN', 0]]);
    const friendFound = run(n, [away], [tie(n.elderId, away.personId!, 'FRIEND')]);
    expect(reasons(friendFound)).toEqual([['away', 'NEIGHBOUR', 'DISTANCE']]);
    const oneLocated = run(
      { ...n, location: { latitude: 30, longitude: 120 } },
      [away],
      [tie(n.elderId, away.personId!, 'FRIEND')],
    );
    expect(reasons(oneLocated)).toEqual([['away', 'NEIGHBOUR', 'DISTANCE']]);
  });

  it('lets an organisation reach any elder it serves, however far, with no distance cost', () => {
    const found = run({ ...n, location: { latitude: 30, longitude: 120 } }, [
      organisation('home', ['V1'], {
        location: { latitude: 31, longitude: 121 },
        travelRadiusKm: 1,
        availability: n.slots,
      }),
    ]);
    expect(found.candidates.map((c) => [c.helper.id, c.tier])).toEqual([['home', 'ORGANISATION']]);
    expect(found.candidates[0].distanceKm).toBeGreaterThan(100);
    const noOrganisation = run({ ...n, location: { latitude: 30, longitude: 120 } }, [
      {
        ...organisation('home', ['V1'], {
          location: { latitude: 31, longitude: 121 },
          travelRadiusKm: 1,
          availability: n.slots,
        }),
        organisationId: null,
      },
    ]);
    expect(reasons(noOrganisation)).toEqual([['home', 'ORGANISATION', 'DISTANCE']]);
  });

  it("needs room for the need's whole week", () => {
    const weekly = { ...n, weeklyMinutes: 100 };
    expect(run(weekly, [person('h', 'G1a', { committedMinutes: 500 })]).candidates).toHaveLength(1);
    expect(reasons(run(weekly, [person('h', 'G1a', { committedMinutes: 501 })]))).toEqual([
      ['h', 'NEIGHBOUR', 'CAPACITY_FULL'],
    ]);
  });
});
