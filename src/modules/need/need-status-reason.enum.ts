import { registerEnumType } from 'type-graphql';
import { NeedStatus } from './need.enums.ts';

/**
 * Why a need's status changed, as a code. Codes are deliberately free of health details, since
 * helpers, family proxies, supervisors and officials read them: "in hospital" is ELDER_AWAY here,
 * and what only coordinators may know goes in the sensitive note beside the code (PIPL art. 28:
 * health information is sensitive personal information, shown only where it is needed).
 */
export enum NeedStatusReason {
  ENTERED = 'ENTERED',
  MATCH_PROPOSED = 'MATCH_PROPOSED',
  CONFIRMED = 'CONFIRMED',
  PROPOSAL_REJECTED = 'PROPOSAL_REJECTED',
  ASSIGNMENT_RELEASED = 'ASSIGNMENT_RELEASED',
  AGREEMENT_SIGNED = 'AGREEMENT_SIGNED',
  AGREEMENT_ENDED = 'AGREEMENT_ENDED',
  RESUMED = 'RESUMED',
  ELDER_AWAY = 'ELDER_AWAY',
  FAMILY_CARING_TEMPORARILY = 'FAMILY_CARING_TEMPORARILY',
  SERVICE_SUSPENDED = 'SERVICE_SUSPENDED',
  NEED_MET = 'NEED_MET',
  FAMILY_TAKES_OVER = 'FAMILY_TAKES_OVER',
  ELDER_MOVED = 'ELDER_MOVED',
  ELDER_DIED = 'ELDER_DIED',
  ENTERED_IN_ERROR = 'ENTERED_IN_ERROR',
  DUPLICATE = 'DUPLICATE',
  ELDER_DECLINED = 'ELDER_DECLINED',
  OTHER = 'OTHER',
}

registerEnumType(NeedStatusReason, {
  name: 'NeedStatusReason',
  description: "Why a need's status changed. Health details never go in the code: they go in the sensitive note.",
  valuesConfig: {
    ENTERED: { description: '登记 Entered' },
    MATCH_PROPOSED: { description: '匹配推荐 A match run proposed helpers' },
    CONFIRMED: { description: '协调员确认 Confirmed by a coordinator' },
    PROPOSAL_REJECTED: { description: '推荐被拒 A proposal was rejected' },
    ASSIGNMENT_RELEASED: { description: '解除安排 An assignment was released' },
    AGREEMENT_SIGNED: { description: '签订协议 A care agreement covering it came into force' },
    AGREEMENT_ENDED: { description: '协议终止 The care agreement covering it ended' },
    RESUMED: { description: '恢复 Resumed' },
    ELDER_AWAY: {
      description:
        '老人暂时不在家 The elder is away for a while (hospital, family in the city …: say which in the note)',
    },
    FAMILY_CARING_TEMPORARILY: { description: '家人暂时照护 Family cares for now' },
    SERVICE_SUSPENDED: { description: '服务暂停 Service suspended (weather, a village event …)' },
    NEED_MET: { description: '需求已满足 The need is met' },
    FAMILY_TAKES_OVER: { description: '家人接手 The family takes over' },
    ELDER_MOVED: { description: '老人迁出 The elder moved away or into an institution' },
    ELDER_DIED: { description: '老人去世 The elder died' },
    ENTERED_IN_ERROR: { description: '录入错误 Entered in error' },
    DUPLICATE: { description: '重复登记 A duplicate of another need' },
    ELDER_DECLINED: { description: '老人不需要 The elder declined the service' },
    OTHER: { description: '其他 Other: the note says what' },
  },
});

/** The codes a person may give for each status they set; the rest are the system's own. */
export const REASONS_FOR: Partial<Record<NeedStatus, readonly NeedStatusReason[]>> = {
  [NeedStatus.PAUSED]: [
    NeedStatusReason.ELDER_AWAY,
    NeedStatusReason.FAMILY_CARING_TEMPORARILY,
    NeedStatusReason.SERVICE_SUSPENDED,
    NeedStatusReason.OTHER,
  ],
  [NeedStatus.CLOSED]: [
    NeedStatusReason.NEED_MET,
    NeedStatusReason.FAMILY_TAKES_OVER,
    NeedStatusReason.ELDER_MOVED,
    NeedStatusReason.ELDER_DIED,
    NeedStatusReason.OTHER,
  ],
  [NeedStatus.CANCELLED]: [
    NeedStatusReason.ENTERED_IN_ERROR,
    NeedStatusReason.DUPLICATE,
    NeedStatusReason.ELDER_DECLINED,
    NeedStatusReason.OTHER,
  ],
};
