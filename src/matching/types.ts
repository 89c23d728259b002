/**
 * The matching engine's plain-data contract. Nothing here knows about TypeORM or GraphQL:
 * the caller turns rows into these shapes and the engine's result back into rows.
 */

/** The rings, nearest first: kin, a paired cadre (包帮), neighbours, fellow villagers, organisations. */
export type Tier = 'KIN' | 'CADRE' | 'NEIGHBOUR' | 'VILLAGE' | 'ORGANISATION';
export const TIERS: readonly Tier[] = ['KIN', 'CADRE', 'NEIGHBOUR', 'VILLAGE', 'ORGANISATION'];

export type TieKind = 'KIN' | 'SPOUSE' | 'NEIGHBOUR' | 'FRIEND' | 'CADRE_PAIRING';

/** A window on one weekday, in minutes since midnight. */
export interface Slot {
  weekday: number;
  start: number;
  end: number;
}

export interface Location {
  latitude: number;
  longitude: number;
}

export interface MatchNeed {
  id: string;
  elderId: string;
  serviceType: string;
  /** Certificates a helper must hold valid: the need's own and the service's. */
  certificates: string[];
  /** When the help may happen: one window per occurrence in a week. */
  slots: Slot[];
  /** Minutes each occurrence takes, somewhere inside its window. */
  minutesPerOccurrence: number;
  weeklyMinutes: number;
  /** Helpers still to find (helpers needed minus those already confirmed). */
  helpersWanted: number;
  /** Derived priority score (higher is more urgent). */
  priority: number;
  /** The elder's region path: county → township → village → group. */
  regionPath: string[];
  villageId: string;
  groupId: string | null;
  location: Location | null;
  preferredHelperIds: string[];
  refusedHelperIds: string[];
  /** Helpers already serving this elder (continuity). */
  currentHelperIds: string[];
  /** Helpers already confirmed on this need: never proposed twice. */
  assignedHelperIds: string[];
  /** A one-off need's date (YYYY-MM-DD): on its weekday it shares a helper's day only with needs that recur. */
  onDate?: string | null;
  /** Organisations' helpers that pledged support for this need (charities): ORGANISATION-ring candidates wherever they sit. */
  pledgedHelperIds?: string[];
}

export interface MatchHelper {
  id: string;
  personId: string | null;
  organisationId: string | null;
  regionPath: string[];
  villageId: string | null;
  groupId: string | null;
  location: Location | null;
  travelRadiusKm: number;
  serviceTypes: string[];
  /** Valid certificate kinds with their expiry date (YYYY-MM-DD). */
  certificates: { kind: string; expiresOn: string }[];
  availability: Slot[];
  weeklyMinutes: number;
  maxElders: number;
  /** Bulk capacity per day, for organisations. */
  dailyOccurrences: number | null;
  committedMinutes: number;
  committedElders: number;
  active: boolean;
  consent: boolean;
  /** Regions an organisation serves (for ORGANISATION helpers), empty for persons. */
  servesRegionIds: string[];
  /** Organisations a person helper belongs to. */
  memberOfOrganisationIds: string[];
  /**
   * How the helper's visits went over the last 90 days (src/modules/visit/reliability.ts): the
   * share of due visits done and the mean of the elders' stars (null: no ratings). Null when they
   * have no history to judge (fewer than 3 visits due): neither rewarded nor punished.
   */
  reliability?: HelperReliability | null;
  /** Suspended from new proposals after an upheld serious complaint, until a coordinator reviews it. */
  suspended?: boolean;
}

/**
 * A helper's record: the share of due visits done and the mean stars (90 days; null with fewer than 3
 * visits due), and the mean inspection score as a share of its scale (180 days; null without one).
 */
export interface HelperReliability {
  doneShare: number | null;
  meanRating: number | null;
  inspectionShare?: number | null;
}

export interface MatchTie {
  a: string;
  b: string;
  kind: TieKind;
  degree: number | null;
}

/** Piece of the convex workload penalty: up to `upToShare` of capacity, each minute costs `perMinute`. */
export interface WorkloadPiece {
  upToShare: number;
  perMinute: number;
}

export interface MatchPolicy {
  tierCost: Record<Tier, number>;
  /** Increasing slopes, last piece up to share 1. Applies to person helpers; organisations pay `organisationPerMinute`. */
  workload: WorkloadPiece[];
  organisationPerMinute: number;
  perKm: number;
  continuityBonus: number;
  preferenceBonus: number;
  /**
   * Weight of the helper's record (`reliabilityCost`): weight × (0.9 − score), the score being the
   * mean of the share of visits done and the rating's share ((stars − 1) / 4). 0 without history.
   */
  reliabilityWeight: number;
  /** Cost of each distinct helper an elder with several needs gets: one familiar face is preferred. */
  perHelperOfElder: number;
  /** Cost of leaving one wanted helper unfound: base + perPriority × priority. Dwarfs any arc cost. */
  unmetBase: number;
  unmetPerPriority: number;
  /**
   * BANDS_FIRST (default): no need of a higher priority band is left unmet where serving it
   * instead of lower-band needs is feasible (lexicographic, src/matching/bands-first.ts).
   * HEADCOUNT: the weighted penalty alone, so two lower-priority needs may outweigh one urgent.
   */
  coverage: 'BANDS_FIRST' | 'HEADCOUNT';
  /** Kin of this degree or nearer count as the KIN ring. */
  maxKinDegree: number;
  /** Candidates kept per need, cheapest first (organisations are always kept). */
  maxCandidatesPerNeed: number;
  /** Components with more assignment variables than this go to HiGHS. */
  highsThreshold: number;
}

export interface MatchInput {
  /** YYYY-MM-DD, for certificate validity. */
  today: string;
  policy: MatchPolicy;
  needs: MatchNeed[];
  helpers: MatchHelper[];
  ties: MatchTie[];
  /** The county's priority bands, to report coverage by band. */
  priorityBands: { urgent: number; high: number; medium: number };
}

export interface CostParts {
  tier: number;
  distance: number;
  continuity: number;
  preference: number;
  /** The helper's record of visits done and ratings: negative for a better-than-usual record. */
  reliability: number;
  /** Marginal workload penalty of this assignment at the solution's load. */
  workload: number;
  total: number;
}

/**
 * Why a helper came after the chosen one. CAPACITY_FULL: full before this run (its standing
 * assignments); TAKEN_IN_THIS_RUN: had room, but this run gave that room to another elder
 * (`takenFor` names the need); the rest say why they could not serve at all.
 */
export type RunnerUpReason =
  | 'FARTHER_RING'
  | 'HIGHER_COST'
  | 'CAPACITY_FULL'
  | 'TAKEN_IN_THIS_RUN'
  | 'WINDOW'
  | 'CERTIFICATE'
  | 'DISTANCE'
  | 'REFUSED'
  | 'UNAVAILABLE'
  | 'SUSPENDED';

export interface RunnerUp {
  helperId: string;
  tier: Tier | null;
  reason: RunnerUpReason;
  /** What they would have cost, their workload at this run's load included (comparable with the chosen total). */
  cost: number | null;
  /** For TAKEN_IN_THIS_RUN: the need of another elder this run gave them. */
  takenFor?: string;
}

export interface Proposal {
  needId: string;
  helperId: string;
  tier: Tier;
  cost: CostParts;
  /** True when the safety net placed it with an organisation outside the strict rules. */
  safetyNet: boolean;
  /** The elder (or their proxy) asked for this helper. */
  preferred?: boolean;
  /** A safety-net placement with an organisation whose usual hours do not cover the need's windows. */
  outsideHours?: boolean;
  runnersUp: RunnerUp[];
}

export type UnmetReason =
  'NO_CANDIDATE' | 'NO_CAPACITY' | 'CERTIFICATE' | 'WINDOW' | 'DISTANCE' | 'REFUSED' | 'UNAVAILABLE';

export interface Unmet {
  needId: string;
  missing: number;
  reason: UnmetReason;
  escalation: 'ORGANISATION_RING' | 'COORDINATOR_QUEUE';
}

export interface MatchMetrics {
  needs: number;
  helpers: number;
  arcs: number;
  components: number;
  largestComponent: number;
  solveMs: number;
  objective: number;
  lpBound: number;
  gap: number;
  coverage: number;
  coverageByBand: Record<string, number>;
  tierMix: Record<Tier, number>;
  maxLoadShare: number;
  loadGini: number;
  unmetByReason: Record<string, number>;
  solvedWith: { jsLpSolver: number; highs: number };
}

export interface MatchResult {
  proposals: Proposal[];
  unmet: Unmet[];
  metrics: MatchMetrics;
}
