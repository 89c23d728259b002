import type { DomainEvent } from '../events/domain-event.ts';
import { EventBus } from '../events/event-bus.ts';
import { publishAffectedNeeds } from './public-need/public-need.events.ts';
import { queueFocusedRuns } from './matching/run-queue.ts';
import { announceOpenedNeeds } from './need/need-opened.ts';
import { cancelPlannedInspections } from './supervision/supervision.service.ts';
import { depositVerifiedVisits } from './time-bank/deposits.ts';

export interface BusOptions {
  /** Queue a focused match run for each need entered or reopened (HUZHU_AUTO_MATCH), with this lease. */
  autoMatchLeaseMs?: number;
}

/**
 * Who listens to what, in one place: a module that reacts to others' news adds its handler here.
 * Order matters for before-commit handlers: the outbox writer stays last (it takes the outbox lock).
 */
export function createEventBus(logError: (message: string) => void, options: BusOptions = {}): EventBus {
  const matching = options.autoMatchLeaseMs ? [queueFocusedRuns(options.autoMatchLeaseMs)] : [];
  return new EventBus(
    {
      beforeCommit: [
        ...matching,
        announceOpenedNeeds,
        cancelPlannedInspections,
        depositVerifiedVisits,
        publishAffectedNeeds,
      ],
      afterCommit: [],
    },
    (error: unknown, events: readonly DomainEvent[]) =>
      logError(
        `an after-commit handler failed on ${events.map((e) => e.type).join(', ')}: ${String((error as Error)?.message ?? error).slice(0, 200)}`,
      ),
  );
}
