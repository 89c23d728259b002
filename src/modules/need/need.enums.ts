import { registerEnumType } from 'type-graphql';
import { registerLabelledEnum } from '../../common/labels.ts';

export enum NeedStatus {
  OPEN = 'OPEN',
  PROPOSED = 'PROPOSED',
  MATCHED = 'MATCHED',
  PAUSED = 'PAUSED',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}

export enum RecurrenceKind {
  ONCE = 'ONCE',
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
}

registerLabelledEnum(NeedStatus, 'NeedStatus', 'Where a need stands.', {
  OPEN: ['等待帮扶', 'waiting for a helper'],
  PROPOSED: ['已推荐待确认', 'helpers proposed, not yet confirmed'],
  MATCHED: ['已安排', 'served by confirmed helpers'],
  PAUSED: ['暂停', 'on hold (in hospital, with family in the city)'],
  CLOSED: ['已结束', 'no longer needed'],
  CANCELLED: ['已撤销', 'withdrawn'],
});

registerEnumType(RecurrenceKind, {
  name: 'RecurrenceKind',
  valuesConfig: {
    ONCE: { description: 'Once, on the start date' },
    DAILY: { description: 'Every day' },
    WEEKLY: { description: 'On the given weekdays' },
  },
});

/** Which status may follow which; CLOSED and CANCELLED are final. */
export const NEXT_STATUSES: Record<NeedStatus, NeedStatus[]> = {
  OPEN: [NeedStatus.PROPOSED, NeedStatus.MATCHED, NeedStatus.PAUSED, NeedStatus.CLOSED, NeedStatus.CANCELLED],
  PROPOSED: [NeedStatus.OPEN, NeedStatus.MATCHED, NeedStatus.PAUSED, NeedStatus.CLOSED, NeedStatus.CANCELLED],
  MATCHED: [NeedStatus.OPEN, NeedStatus.PAUSED, NeedStatus.CLOSED, NeedStatus.CANCELLED],
  PAUSED: [NeedStatus.OPEN, NeedStatus.CLOSED, NeedStatus.CANCELLED],
  CLOSED: [],
  CANCELLED: [],
};

/** Statuses in which the need still waits for help, so waiting days count. */
export const UNMET_STATUSES: ReadonlySet<NeedStatus> = new Set([NeedStatus.OPEN, NeedStatus.PROPOSED]);

/** The same set for SQL: `status IN ${UNMET_STATUSES_SQL}`. */
export const UNMET_STATUSES_SQL = `(${[...UNMET_STATUSES].map((status) => `'${status}'`).join(', ')})`;

/** How often a need occurs in a week; a one-off counts once. */
export function occurrencesPerWeek(recurrence: RecurrenceKind | string, weekdays: readonly number[]): number {
  return recurrence === RecurrenceKind.DAILY ? 7 : recurrence === RecurrenceKind.WEEKLY ? weekdays.length : 1;
}

/** How a list of needs is ordered. */
export enum NeedOrder {
  PRIORITY = 'PRIORITY',
  WAITING = 'WAITING',
  NEWEST = 'NEWEST',
}

registerLabelledEnum(NeedOrder, 'NeedOrder', 'How a list of needs is ordered.', {
  PRIORITY: ['按紧急程度', 'most urgent first (coordinators by score; others by band, then waiting time)'],
  WAITING: ['按等待时间', 'longest unmet first'],
  NEWEST: ['按录入时间', 'latest entered first'],
});

/** Where an unmet need goes next. */
export enum UnmetEscalation {
  ORGANISATION_RING = 'ORGANISATION_RING',
  COORDINATOR_QUEUE = 'COORDINATOR_QUEUE',
}

registerLabelledEnum(UnmetEscalation, 'UnmetEscalation', 'Where a need left unmet by the rings goes next.', {
  ORGANISATION_RING: ['兜底机构已接手', 'a safety-net organisation took it'],
  COORDINATOR_QUEUE: ['待协调员处理', "on the coordinator's queue"],
});
