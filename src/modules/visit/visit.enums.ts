import { registerLabelledEnum } from '../../common/labels.ts';

export enum VisitStatus {
  SCHEDULED = 'SCHEDULED',
  CHECKED_IN = 'CHECKED_IN',
  DONE = 'DONE',
  VERIFIED = 'VERIFIED',
  MISSED = 'MISSED',
  CANCELLED = 'CANCELLED',
}

/** Why a visit is in the coordinator's alert queue. */
export enum CareAlertKind {
  MISSED_VISIT = 'MISSED_VISIT',
  LOW_RATING = 'LOW_RATING',
  UNCONFIRMED = 'UNCONFIRMED',
}

registerLabelledEnum(VisitStatus, 'VisitStatus', 'Where a visit stands.', {
  SCHEDULED: ['待上门', 'scheduled'],
  CHECKED_IN: ['服务中', 'the helper checked in'],
  DONE: ['待确认', 'done, waiting for the elder to confirm'],
  VERIFIED: ['已核实', 'confirmed by the elder or checked by a supervisor: counts for rewards'],
  MISSED: ['未上门', 'not done by the end of its window and the grace period'],
  CANCELLED: ['已取消', 'cancelled, with the reason'],
});

registerLabelledEnum(CareAlertKind, 'CareAlertKind', "Why a visit is in the coordinator's alert queue.", {
  MISSED_VISIT: ['漏访', 'a visit was missed'],
  LOW_RATING: ['差评', 'the elder rated a visit 2 stars or less'],
  UNCONFIRMED: ['久未确认', 'a visit done 3 days ago or more is still unconfirmed'],
});
