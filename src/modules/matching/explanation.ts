import type { HelperReliability } from '../../matching/types.ts';
/**
 * Explanations for people: one sentence in plain Chinese (and one in English) that a village
 * cadre can read aloud — who comes, what they are to the elder, how much they already carry,
 * and for each runner-up why not. No cost numbers: the structured parts stay for front ends.
 */

export interface Party {
  /** Null when the viewer may not read who it is. */
  name: string | null;
  /** What they are to the elder, from the elder's side. */
  relation: { zh: string; en: string };
}

export interface RunnerUpFacts extends Party {
  reason: string;
  /** For TAKEN_IN_THIS_RUN: how to call the other elder (e.g. 张老人), null when not readable. */
  takenForElder: { zh: string; en: string } | null;
}

export interface ExplanationFacts {
  helper: Party;
  elderChoice: boolean;
  safetyNet: boolean;
  outsideHours: boolean;
  /** Minutes a week the helper already gives in standing assignments, of what they offer. */
  load: { minutes: number; weeklyMinutes: number } | null;
  /** The helper's record (visits done of those due and the stars over 90 days, inspections over 180); null without history. */
  record: HelperReliability | null;
  runnersUp: RunnerUpFacts[];
}

const TIER_RELATION: Record<string, { zh: string; en: string }> = {
  KIN: { zh: '亲属', en: 'a relative' },
  CADRE: { zh: '包帮党员', en: 'the paired party member' },
  NEIGHBOUR: { zh: '邻居', en: 'a neighbour' },
  VILLAGE: { zh: '同村村民', en: 'a fellow villager' },
  ORGANISATION: { zh: '组织', en: 'an organisation' },
};

/** What a helper is to the elder, from the elder's side: the kin term when there is one, else the ring. */
export function relationOf(
  tier: string | null,
  tie: { kind: string; term: { zh: string; en: string } | null } | null,
  organisationName: string | null,
): { zh: string; en: string } {
  if (organisationName) return { zh: organisationName, en: organisationName };
  if (tie?.kind === 'SPOUSE') return tie.term ?? { zh: '配偶', en: 'spouse' };
  if (tie?.kind === 'KIN' && tie.term)
    return { zh: tie.term.zh, en: tie.term.en === tie.term.zh ? `${tie.term.zh} (relative)` : tie.term.en };
  if (tie?.kind === 'CADRE_PAIRING') return { zh: '包帮党员', en: 'the paired party member' };
  if (tie?.kind === 'FRIEND') return { zh: '朋友', en: 'a friend' };
  return TIER_RELATION[tier ?? ''] ?? { zh: '其他', en: 'someone else' };
}

function who(party: Party, language: 'zh' | 'en'): string {
  const relation = party.relation[language];
  if (!party.name) return language === 'zh' ? `一位${relation}` : relation;
  if (party.name === relation) return party.name;
  return language === 'zh' ? `${party.name}（${relation}）` : `${party.name} (${relation})`;
}

const WHY_NOT: Record<string, { zh: string; en: string }> = {
  FARTHER_RING: { zh: '关系更远', en: 'is further from the elder' },
  HIGHER_COST: { zh: '安排后负担更重', en: 'would carry more' },
  CAPACITY_FULL: { zh: '本周已满', en: 'is full this week' },
  WINDOW: { zh: '时间对不上', en: 'is not free at those times' },
  CERTIFICATE: { zh: '缺少所需证书', en: 'lacks the certificate' },
  DISTANCE: { zh: '不在服务范围', en: 'is out of range' },
  REFUSED: { zh: '老人不愿意', en: 'was refused by the elder' },
  UNAVAILABLE: { zh: '暂停服务', en: 'is paused' },
  SUSPENDED: { zh: '因投诉成立暂停推荐，待协调员复核', en: 'is suspended after an upheld complaint, until reviewed' },
};

function whyNot(runnerUp: RunnerUpFacts, language: 'zh' | 'en'): string {
  if (runnerUp.reason === 'TAKEN_IN_THIS_RUN') {
    const other = runnerUp.takenForElder?.[language];
    if (language === 'zh') return other ? `已在本次安排给${other}` : '已在本次安排给另一位老人';
    return other ? `was given to ${other} in this run` : 'was given to another elder in this run';
  }
  return (WHY_NOT[runnerUp.reason] ?? { zh: runnerUp.reason, en: runnerUp.reason })[language];
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

export function sentenceZh(facts: ExplanationFacts): string {
  const parts = [`由${who(facts.helper, 'zh')}照料`];
  if (facts.elderChoice) parts.push('老人本人选择');
  if (facts.safetyNet) parts.push(facts.outsideHours ? '兜底安排，需在平时服务时间以外上门' : '兜底安排');
  if (facts.load) parts.push(`目前每周已服务${facts.load.minutes}分钟（共可提供${facts.load.weeklyMinutes}分钟）`);
  const record = facts.record;
  if (record?.doneShare != null)
    parts.push(
      `近90天完成${percent(record.doneShare)}的上门${record.meanRating === null ? '' : `，平均${record.meanRating.toFixed(1)}星`}`,
    );
  if (record?.inspectionShare != null) parts.push(`近半年督查得分率${percent(record.inspectionShare)}`);
  let sentence = `${parts.join('；')}。`;
  if (facts.runnersUp.length > 0)
    sentence += `其他人选：${facts.runnersUp.map((r) => `${who(r, 'zh')}${whyNot(r, 'zh')}`).join('；')}。`;
  return sentence;
}

export function sentenceEn(facts: ExplanationFacts): string {
  const helper = who(facts.helper, 'en');
  const parts = [`${helper.charAt(0).toUpperCase()}${helper.slice(1)} will help`];
  if (facts.elderChoice) parts.push("the elder's own choice");
  if (facts.safetyNet)
    parts.push(facts.outsideHours ? 'a safety-net placement, outside its usual hours' : 'a safety-net placement');
  if (facts.load) parts.push(`already gives ${facts.load.minutes} of ${facts.load.weeklyMinutes} minutes a week`);
  const record = facts.record;
  if (record?.doneShare != null)
    parts.push(
      `did ${percent(record.doneShare)} of visits due in the last 90 days${record.meanRating === null ? '' : `, ${record.meanRating.toFixed(1)}★ on average`}`,
    );
  if (record?.inspectionShare != null)
    parts.push(`inspections in the last half-year scored ${percent(record.inspectionShare)}`);
  let sentence = `${parts.join('; ')}.`;
  if (facts.runnersUp.length > 0)
    sentence += ` Others: ${facts.runnersUp.map((r) => `${who(r, 'en')} ${whyNot(r, 'en')}`).join('; ')}.`;
  return sentence;
}
