import { registerEnumType } from 'type-graphql';

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

registerEnumType(NeedStatus, {
  name: 'NeedStatus',
  valuesConfig: {
    OPEN: { description: 'Waiting for a helper' },
    PROPOSED: { description: 'A match run proposed helpers; a coordinator has not confirmed yet' },
    MATCHED: { description: 'Served by confirmed helpers' },
    PAUSED: { description: 'On hold (e.g. the elder is in hospital or with family in the city)' },
    CLOSED: { description: 'No longer needed; served to the end' },
    CANCELLED: { description: 'Withdrawn before or instead of being served' },
  },
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

registerEnumType(NeedOrder, {
  name: 'NeedOrder',
  description: 'How a list of needs is ordered.',
  valuesConfig: {
    PRIORITY: {
      description:
        'Most urgent first. Coordinators (who may read the score) get the score; others the band, then the longest waiting.',
    },
    WAITING: { description: 'Longest unmet first (needs that are not unmet last, oldest first).' },
    NEWEST: { description: 'Latest entered first.' },
  },
});
