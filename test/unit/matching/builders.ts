import { DEFAULT_MATCH_POLICY } from '../../../src/matching/policy.ts';
import type { MatchHelper, MatchInput, MatchNeed, MatchTie, Slot } from '../../../src/matching/types.ts';

/** Tiny builders for hand-made matching cases: one county C, township T, villages V1/V2, groups G1a/G1b/G2a. */
export const PATH = {
  G1a: ['C', 'T', 'V1', 'G1a'],
  G1b: ['C', 'T', 'V1', 'G1b'],
  G2a: ['C', 'T', 'V2', 'G2a'],
} as const;

type Group = keyof typeof PATH;

export const MON_WED_FRI_LUNCH: Slot[] = [1, 3, 5].map((weekday) => ({ weekday, start: 11 * 60, end: 12 * 60 }));
export const WEEKDAYS_ALL_DAY: Slot[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  start: 7 * 60,
  end: 20 * 60,
}));

export function need(id: string, group: Group, extra: Partial<MatchNeed> = {}): MatchNeed {
  const path = [...PATH[group]];
  return {
    id,
    elderId: `elder-${id}`,
    serviceType: 'MEAL_DELIVERY',
    certificates: [],
    slots: MON_WED_FRI_LUNCH,
    minutesPerOccurrence: 30,
    weeklyMinutes: 90,
    helpersWanted: 1,
    priority: 10,
    regionPath: path,
    villageId: path[2],
    groupId: path[3],
    location: null,
    preferredHelperIds: [],
    refusedHelperIds: [],
    currentHelperIds: [],
    assignedHelperIds: [],
    ...extra,
  };
}

export function person(id: string, group: Group, extra: Partial<MatchHelper> = {}): MatchHelper {
  const path = [...PATH[group]];
  return {
    id,
    personId: `person-${id}`,
    organisationId: null,
    regionPath: path,
    villageId: path[2],
    groupId: path[3],
    location: null,
    travelRadiusKm: 3,
    serviceTypes: ['MEAL_DELIVERY', 'VISIT_CHECK', 'BATHING'],
    certificates: [],
    availability: WEEKDAYS_ALL_DAY,
    weeklyMinutes: 600,
    maxElders: 5,
    dailyOccurrences: null,
    committedMinutes: 0,
    committedElders: 0,
    active: true,
    consent: true,
    servesRegionIds: [],
    memberOfOrganisationIds: [],
    ...extra,
  };
}

export function organisation(id: string, serves: string[], extra: Partial<MatchHelper> = {}): MatchHelper {
  return {
    ...person(id, 'G1a'),
    personId: null,
    organisationId: `org-${id}`,
    regionPath: ['C'],
    villageId: null,
    groupId: null,
    servesRegionIds: serves,
    weeklyMinutes: 20_000,
    maxElders: 40,
    dailyOccurrences: 40,
    availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: 10 * 60, end: 13 * 60 })),
    ...extra,
  };
}

export function kin(elderNeed: MatchNeed, helper: MatchHelper, degree = 1): MatchTie {
  return { a: elderNeed.elderId, b: helper.personId!, kind: 'KIN', degree };
}

export function input(
  needs: MatchNeed[],
  helpers: MatchHelper[],
  ties: MatchTie[] = [],
  extra: Partial<MatchInput> = {},
): MatchInput {
  return {
    today: '2026-11-24',
    policy: DEFAULT_MATCH_POLICY,
    needs,
    helpers,
    ties,
    priorityBands: { urgent: 60, high: 40, medium: 20 },
    ...extra,
  };
}

/**
 * A fixed policy for tests of the cost and model mechanics, so that their hand-computed numbers
 * do not move when the county defaults are retuned: three workload pieces and a small preference bonus.
 */
export const MECHANICS_POLICY: MatchInput['policy'] = {
  ...DEFAULT_MATCH_POLICY,
  workload: [
    { upToShare: 0.5, perMinute: 0.01 },
    { upToShare: 0.8, perMinute: 0.04 },
    { upToShare: 1, perMinute: 0.15 },
  ],
  preferenceBonus: 8,
};
