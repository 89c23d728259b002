import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ageInYear, currentYear, daysWaited } from '../../common/time.ts';
import { Disability, SelfCareLevel } from '../person/person.enums.ts';

/**
 * A need's priority is derived, never typed in: the frailer, the more alone and the longer
 * waiting, the higher. Points add up; bands cut the sum. Every county may tune the weights
 * (`updatePriorityWeights`); these defaults follow the papers' emphasis on dependent, solitary
 * and bottom-line (兜底) elders as the first to secure.
 */
export interface PriorityWeights {
  selfCare: Record<SelfCareLevel, number>;
  livesAlone: number;
  bottomLineHousehold: number;
  disability: number;
  /** Added from age 80 (高龄). */
  aged80: number;
  perUnmetDay: number;
  /** Waiting counts up to this many days. */
  unmetDaysCap: number;
  bands: { urgent: number; high: number; medium: number };
}

export const DEFAULT_PRIORITY_WEIGHTS: PriorityWeights = {
  selfCare: { INDEPENDENT: 0, PARTIAL: 20, DEPENDENT: 40 },
  livesAlone: 15,
  bottomLineHousehold: 15,
  disability: 10,
  aged80: 10,
  perUnmetDay: 1,
  unmetDaysCap: 30,
  bands: { urgent: 60, high: 40, medium: 20 },
};

export enum PriorityBand {
  URGENT = 'URGENT',
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}

export interface PriorityFacts {
  selfCareLevel: SelfCareLevel | null;
  livesAlone: boolean;
  bottomLineHousehold: boolean;
  hasDisability: boolean;
  age: number;
  daysUnmet: number;
}

export interface PriorityPart {
  factor: string;
  points: number;
}

export interface Priority {
  score: number;
  band: PriorityBand;
  parts: PriorityPart[];
}

export function bandOf(score: number, bands: PriorityWeights['bands']): PriorityBand {
  if (score >= bands.urgent) return PriorityBand.URGENT;
  if (score >= bands.high) return PriorityBand.HIGH;
  if (score >= bands.medium) return PriorityBand.MEDIUM;
  return PriorityBand.LOW;
}

export function needPriority(facts: PriorityFacts, weights: PriorityWeights): Priority {
  const parts: PriorityPart[] = [];
  const add = (factor: string, points: number) => {
    if (points !== 0) parts.push({ factor, points });
  };
  add(`selfCare:${facts.selfCareLevel ?? 'UNKNOWN'}`, facts.selfCareLevel ? weights.selfCare[facts.selfCareLevel] : 0);
  if (facts.livesAlone) add('livesAlone', weights.livesAlone);
  if (facts.bottomLineHousehold) add('bottomLineHousehold', weights.bottomLineHousehold);
  if (facts.hasDisability) add('disability', weights.disability);
  if (facts.age >= 80) add('aged80', weights.aged80);
  add('daysUnmet', Math.min(Math.max(facts.daysUnmet, 0), weights.unmetDaysCap) * weights.perUnmetDay);
  const score = parts.reduce((sum, part) => sum + part.points, 0);
  return { score, band: bandOf(score, weights.bands), parts };
}

/** A county's stored weights over the defaults: the one place defaults are merged. */
export function weightsWithDefaults(stored: Partial<PriorityWeights> | null | undefined): PriorityWeights {
  return { ...DEFAULT_PRIORITY_WEIGHTS, ...(stored ?? {}) };
}

/** What the priority reads of an elder, whether it comes from an entity or a SQL row. */
export interface ElderFacts {
  selfCareLevel: SelfCareLevel | null;
  livesAlone: boolean;
  bottomLineHousehold: boolean;
  disability: Disability | string;
  birthYear: number;
}

/** The priority of an elder's need waiting since `unmetSince`: the one derivation every reader uses. */
export function elderNeedPriority(
  elder: ElderFacts,
  unmetSince: Date | string | null,
  weights: PriorityWeights,
  now: Date = new Date(),
): Priority {
  return needPriority(
    {
      selfCareLevel: elder.selfCareLevel,
      livesAlone: elder.livesAlone,
      bottomLineHousehold: elder.bottomLineHousehold,
      hasDisability: elder.disability !== Disability.NONE,
      age: ageInYear(elder.birthYear, currentYear(now)),
      daysUnmet: daysWaited(unmetSince, now),
    },
    weights,
  );
}

/** Why a weights object cannot be used, field by field; empty when it is fine. */
export function priorityWeightsProblems(weights: PriorityWeights): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const check = (field: string, value: number, max = 1000) => {
    if (!Number.isFinite(value) || value < 0 || value > max)
      problems.push({ field, message: `${field} must be between 0 and ${max}` });
  };
  for (const level of Object.values(SelfCareLevel)) check(`selfCare.${level}`, weights.selfCare[level]);
  check('livesAlone', weights.livesAlone);
  check('bottomLineHousehold', weights.bottomLineHousehold);
  check('disability', weights.disability);
  check('aged80', weights.aged80);
  check('perUnmetDay', weights.perUnmetDay, 100);
  check('unmetDaysCap', weights.unmetDaysCap, 365);
  const { urgent, high, medium } = weights.bands;
  check('bands.medium', medium, 10_000);
  if (!(medium < high && high < urgent))
    problems.push({ field: 'bands', message: 'bands must rise: medium < high < urgent' });
  return problems;
}

/** The alias under which `joinCountyPolicy` joins the county's policy row (null where it has none). */
const POLICY = 'prio_policy';

/** Joins its county's policy row to a list of needs (`need` is the need's alias), for the bands. */
export function joinCountyPolicy<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, need: string): void {
  query.leftJoin('county_policy', POLICY, `${POLICY}.county_id = ${need}.county_id`);
}

/**
 * The score above in SQL, for ordering and filtering lists in the database: the stored sort key
 * `need.priority_score` (migration 1765100000000-list-keys: the same derivation, kept current by
 * triggers and re-scored by the worker every 10 minutes as days pass, `refreshNeedPriorities` in the need module).
 * `test/integration/worklists.test.ts` checks it against `elderNeedPriority` row by row.
 */
export function priorityScoreSql(need: string): string {
  return `${need}.priority_score`;
}

/**
 * The band of `score` (an SQL expression) under the county's thresholds, as a rank: URGENT 3 …
 * LOW 0. Reads the policy row `joinCountyPolicy` joined.
 */
export function priorityBandRankSql(score: string): string {
  const b = DEFAULT_PRIORITY_WEIGHTS.bands;
  const w = (key: keyof typeof b) => `COALESCE((${POLICY}.priority_weights->'bands'->>'${key}')::numeric, ${b[key]})`;
  return `(CASE WHEN ${score} >= ${w('urgent')} THEN 3 WHEN ${score} >= ${w('high')} THEN 2 WHEN ${score} >= ${w('medium')} THEN 1 ELSE 0 END)`;
}

export const BAND_RANK: Record<PriorityBand, number> = {
  [PriorityBand.URGENT]: 3,
  [PriorityBand.HIGH]: 2,
  [PriorityBand.MEDIUM]: 1,
  [PriorityBand.LOW]: 0,
};
