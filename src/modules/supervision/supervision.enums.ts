import { registerLabelledEnum } from '../../common/labels.ts';
import { NoticeNames } from './supervision-policy.ts';

/** W county's five kinds of supervision (paper 000). */
export enum InspectionKind {
  DAILY = 'DAILY',
  SCHEDULED = 'SCHEDULED',
  SPECIAL = 'SPECIAL',
  FOLLOW_UP = 'FOLLOW_UP',
  UNANNOUNCED = 'UNANNOUNCED',
}

export enum InspectionStatus {
  PLANNED = 'PLANNED',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

export enum RectificationStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
}

export enum HelperStanding {
  GOOD = 'GOOD',
  NOT_IN_GOOD_STANDING = 'NOT_IN_GOOD_STANDING',
}

registerLabelledEnum(InspectionKind, 'InspectionKind', 'The kind of a supervision inspection (W county).', {
  DAILY: ['日常监督', 'daily, by the group leader or a neighbour'],
  SCHEDULED: ['定期督查', 'scheduled, by the township (e.g. monthly)'],
  SPECIAL: ['专项督查', 'special, on a theme (winter heating, summer heat)'],
  FOLLOW_UP: ['回访复查', 'follow-up, after a poor result'],
  UNANNOUNCED: ['随机暗访', 'unannounced, drawn by the system'],
});

registerLabelledEnum(InspectionStatus, 'InspectionStatus', 'Where an inspection stands.', {
  PLANNED: ['待检查', 'planned (a follow-up, or drawn unannounced)'],
  DONE: ['已检查', 'done and scored'],
  CANCELLED: ['已取消', 'cancelled (its agreement ended)'],
});

registerLabelledEnum(RectificationStatus, 'RectificationStatus', 'Where a rectification task stands.', {
  OPEN: ['整改中', 'open'],
  DONE: ['已整改', 'put right'],
});

registerLabelledEnum(HelperStanding, 'HelperStanding', "A helper's standing after supervision.", {
  GOOD: ['良好', 'in good standing'],
  NOT_IN_GOOD_STANDING: ['不良', 'not in good standing: poor inspection results in a row'],
});

registerLabelledEnum(NoticeNames, 'NoticeNames', 'How public notices (公示) name people.', {
  FULL: ['全名', 'in full'],
  MASKED: ['隐去名字', 'surname only'],
  NONE: ['不具名', 'not at all'],
});
