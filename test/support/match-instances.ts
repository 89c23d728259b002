import { DEFAULT_MATCH_POLICY } from '../../src/matching/policy.ts';
import type { MatchHelper, MatchInput, MatchNeed, MatchTie, Slot } from '../../src/matching/types.ts';

/** mulberry32: small, fast and deterministic, for generated test and benchmark instances. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = [
  'MEAL_DELIVERY',
  'MEAL_DELIVERY',
  'MEAL_DELIVERY',
  'VISIT_CHECK',
  'VISIT_CHECK',
  'DAILY_CARE',
  'COMPANIONSHIP',
  'BATHING',
  'MEDICAL_ESCORT',
];

export interface InstanceShape {
  villages: number;
  /** Open needs per village. */
  needsPerVillage: number;
  /** Person helpers per village. */
  helpersPerVillage: number;
  seed: number;
}

/**
 * A county-like matching instance: villages of 4–6 groups, elders with needs, villagers with
 * capacity, kin ties between some of them, a charity home per 3 villages and a county centre.
 */
export function generateInstance(shape: InstanceShape): MatchInput {
  const random = rng(shape.seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const needs: MatchNeed[] = [];
  const helpers: MatchHelper[] = [];
  const ties: MatchTie[] = [];
  const pad = (n: number, width = 4) => String(n).padStart(width, '0');
  for (let v = 0; v < shape.villages; v += 1) {
    const township = `T${pad(Math.floor(v / 20), 2)}`;
    const village = `V${pad(v)}`;
    const groups = Array.from({ length: 4 + Math.floor(random() * 3) }, (_, g) => `${village}G${g}`);
    const villageHelpers: MatchHelper[] = [];
    for (let h = 0; h < shape.helpersPerVillage; h += 1) {
      const group = pick(groups);
      const start = pick([7, 8, 9, 13]) * 60;
      const days = [1, 2, 3, 4, 5, 6, 7].filter(() => random() < 0.75);
      const helper: MatchHelper = {
        id: `${village}H${pad(h, 3)}`,
        personId: `${village}P${pad(h, 3)}`,
        organisationId: null,
        regionPath: ['C', township, village, group],
        villageId: village,
        groupId: group,
        location: null,
        travelRadiusKm: 3,
        serviceTypes: [...new Set([pick(SERVICES), pick(SERVICES), 'VISIT_CHECK'])],
        certificates: random() < 0.3 ? [{ kind: 'ELDER_CARE', expiresOn: '2028-01-01' }] : [],
        availability: days.map((weekday): Slot => ({ weekday, start, end: start + pick([180, 240, 300]) })),
        weeklyMinutes: pick([180, 300, 420, 600]),
        maxElders: pick([2, 3, 4]),
        dailyOccurrences: null,
        committedMinutes: 0,
        committedElders: 0,
        active: random() < 0.95,
        consent: random() < 0.97,
        servesRegionIds: [],
        memberOfOrganisationIds: [],
      };
      helper.committedMinutes = Math.floor(random() * 0.5 * helper.weeklyMinutes);
      villageHelpers.push(helper);
    }
    helpers.push(...villageHelpers);
    for (let n = 0; n < shape.needsPerVillage; n += 1) {
      const group = pick(groups);
      const serviceType = pick(SERVICES);
      const start = pick([8, 9, 10, 11, 14]) * 60;
      const weekly = random() < 0.4;
      const days = weekly
        ? [1, 3, 5]
        : serviceType === 'MEAL_DELIVERY'
          ? [1, 2, 3, 4, 5, 6, 7]
          : [pick([1, 2, 3, 4, 5, 6, 7])];
      const minutes = serviceType === 'DAILY_CARE' ? 60 : serviceType === 'BATHING' ? 60 : 30;
      const need: MatchNeed = {
        id: `${village}N${pad(n, 3)}`,
        elderId: `${village}E${pad(n, 3)}`,
        serviceType,
        certificates: serviceType === 'BATHING' ? ['ELDER_CARE'] : [],
        slots: days.map((weekday) => ({ weekday, start, end: start + minutes + 30 })),
        minutesPerOccurrence: minutes,
        weeklyMinutes: days.length * minutes,
        helpersWanted: serviceType === 'BATHING' && random() < 0.3 ? 2 : 1,
        priority: Math.floor(random() * 90),
        regionPath: ['C', township, village, group],
        villageId: village,
        groupId: group,
        location: null,
        preferredHelperIds: [],
        refusedHelperIds: [],
        currentHelperIds: [],
        assignedHelperIds: [],
      };
      if (random() < 0.35 && villageHelpers.length > 0) {
        const relative = pick(villageHelpers);
        ties.push({
          a: need.elderId,
          b: relative.personId!,
          kind: random() < 0.8 ? 'KIN' : 'NEIGHBOUR',
          degree: 1 + Math.floor(random() * 3),
        });
      }
      if (random() < 0.05 && villageHelpers.length > 0) need.refusedHelperIds.push(pick(villageHelpers).id);
      if (random() < 0.05 && villageHelpers.length > 0) need.preferredHelperIds.push(pick(villageHelpers).id);
      needs.push(need);
    }
    if (v % 3 === 0) {
      const served = Array.from({ length: Math.min(3, shape.villages - v) }, (_, i) => `V${pad(v + i)}`);
      helpers.push({
        ...villageHelpers[0],
        id: `${village}HOME`,
        personId: null,
        organisationId: `${village}ORG`,
        regionPath: ['C', township, village],
        groupId: null,
        serviceTypes: ['MEAL_DELIVERY', 'DAY_CARE', 'VISIT_CHECK'],
        certificates: [],
        availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: 10 * 60, end: 13 * 60 })),
        weeklyMinutes: 40 * 7 * 30,
        maxElders: 40,
        dailyOccurrences: 40,
        committedMinutes: 0,
        committedElders: Math.floor(random() * 20),
        active: true,
        consent: true,
        servesRegionIds: served,
      });
    }
  }
  helpers.push({
    ...helpers[0],
    id: 'COUNTY-CENTRE',
    personId: null,
    organisationId: 'COUNTY-ORG',
    regionPath: ['C'],
    villageId: null,
    groupId: null,
    serviceTypes: ['MEDICAL_ESCORT', 'DAILY_CARE', 'BATHING'],
    certificates: [{ kind: 'ELDER_CARE', expiresOn: '2030-01-01' }],
    availability: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: 8 * 60, end: 17 * 60 })),
    weeklyMinutes: shape.villages * 600,
    maxElders: shape.villages * 8,
    dailyOccurrences: null,
    committedMinutes: 0,
    committedElders: 0,
    active: true,
    consent: true,
    servesRegionIds: ['C'],
  });
  return {
    today: '2026-11-24',
    policy: DEFAULT_MATCH_POLICY,
    needs,
    helpers,
    ties,
    priorityBands: { urgent: 60, high: 40, medium: 20 },
  };
}
