import { registerLabelledEnum } from '../../common/labels.ts';

/** Whose record an entry is in. */
export enum CreditSubjectKind {
  PERSON = 'PERSON',
  HOUSEHOLD = 'HOUSEHOLD',
  ORGANISATION = 'ORGANISATION',
}

export enum CreditEntryKind {
  DEMERIT = 'DEMERIT',
  MERIT = 'MERIT',
  NOTE = 'NOTE',
  CORRECTION = 'CORRECTION',
}

/** Where an entry comes from. */
export enum CreditSource {
  COMPLAINT = 'COMPLAINT',
  MEDIATION = 'MEDIATION',
  RULING = 'RULING',
  SUPERVISION = 'SUPERVISION',
  AWARD = 'AWARD',
  CORRECTION = 'CORRECTION',
}

/** The global-id type of each subject kind. */
export const SUBJECT_NODE_TYPE: Record<CreditSubjectKind, string> = {
  PERSON: 'Person',
  HOUSEHOLD: 'Household',
  ORGANISATION: 'Organisation',
};

registerLabelledEnum(CreditSubjectKind, 'CreditSubjectKind', 'Whose credit record (诚信档案) an entry is in.', {
  PERSON: ['个人', 'a person'],
  HOUSEHOLD: ['家庭', 'a household'],
  ORGANISATION: ['组织', 'an organisation'],
});

registerLabelledEnum(CreditEntryKind, 'CreditEntryKind', 'What a credit entry records.', {
  DEMERIT: ['扣分/不良记录', 'a demerit (negative points)'],
  MERIT: ['加分/良好记录', 'a merit (positive points)'],
  NOTE: ['记录', 'a note, no points'],
  CORRECTION: ['更正（信任修复）', 'a correction of an earlier entry (trust repair)'],
});

registerLabelledEnum(CreditSource, 'CreditSource', 'Where a credit entry comes from.', {
  COMPLAINT: ['投诉', 'an upheld complaint'],
  MEDIATION: ['调解结果', 'a mediation outcome'],
  RULING: ['仲裁裁决', "the county arbitration court's ruling"],
  SUPERVISION: ['监督检查', 'a supervision inspection'],
  AWARD: ['表彰', 'an award'],
  CORRECTION: ['更正', 'a correction (trust repair)'],
});
