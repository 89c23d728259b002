/**
 * A county's supervision rules (county_policy.supervision; absent: these defaults). The
 * indicators are those the papers name — 环境卫生, 生活质量, 精神状态 — plus the elder's
 * satisfaction and safety, each scored 0–scaleMax.
 */
export interface SupervisionPolicy {
  /** The top of the scale (the county's; 5 by default, 100 for a percentage scale). */
  scaleMax: number;
  /** A result is poor when the mean of the indicators, or safety alone, is below this. */
  poorBelow: number;
  /** Poor results in a row that put a helper out of good standing. */
  poorInRow: number;
  /** Days a rectification task is given. */
  rectificationDays: number;
  /** Days after a poor result by which the follow-up inspection is due. */
  followUpDays: number;
  /** Days within which a drawn unannounced inspection is due. */
  unannouncedDays: number;
  /** How public notices (公示) name helpers and parties: in full, masked (李某某), or not at all. */
  noticeNames: NoticeNames;
}

export enum NoticeNames {
  FULL = 'FULL',
  MASKED = 'MASKED',
  NONE = 'NONE',
}

export const DEFAULT_SUPERVISION_POLICY: SupervisionPolicy = {
  scaleMax: 5,
  poorBelow: 3,
  poorInRow: 2,
  rectificationDays: 14,
  followUpDays: 7,
  unannouncedDays: 14,
  noticeNames: NoticeNames.MASKED,
};

export function supervisionWithDefaults(stored: Partial<SupervisionPolicy> | null | undefined): SupervisionPolicy {
  return { ...DEFAULT_SUPERVISION_POLICY, ...(stored ?? {}) };
}

export function supervisionPolicyProblems(policy: SupervisionPolicy): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const whole = (field: Exclude<keyof SupervisionPolicy, 'noticeNames'>, min: number, max: number) => {
    const value = policy[field];
    if (!Number.isInteger(value) || value < min || value > max)
      problems.push({ field, message: `${field} must be a whole number from ${min} to ${max}` });
  };
  whole('scaleMax', 2, 100);
  whole('poorInRow', 1, 10);
  whole('rectificationDays', 1, 365);
  whole('followUpDays', 1, 365);
  whole('unannouncedDays', 1, 90);
  if (!Object.values(NoticeNames).includes(policy.noticeNames))
    problems.push({ field: 'noticeNames', message: 'noticeNames must be FULL, MASKED or NONE' });
  if (!(policy.poorBelow > 0 && policy.poorBelow <= policy.scaleMax))
    problems.push({ field: 'poorBelow', message: 'poorBelow must be above 0 and at most scaleMax' });
  return problems;
}

export interface InspectionScores {
  hygiene: number;
  qualityOfLife: number;
  stateOfMind: number;
  satisfaction: number;
  safety: number;
}

export const INDICATORS: readonly (keyof InspectionScores)[] = [
  'hygiene',
  'qualityOfLife',
  'stateOfMind',
  'satisfaction',
  'safety',
];

/** The mean of the indicators (two decimals) and whether the result is poor under the policy. */
export function judge(scores: InspectionScores, policy: SupervisionPolicy): { score: number; poor: boolean } {
  const mean = INDICATORS.reduce((sum, key) => sum + scores[key], 0) / INDICATORS.length;
  const score = Math.round(mean * 100) / 100;
  return { score, poor: score < policy.poorBelow || scores.safety < policy.poorBelow };
}
