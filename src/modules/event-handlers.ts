import type { DomainEvent } from '../events/domain-event.ts';
import { EventBus } from '../events/event-bus.ts';
import { publishAffectedNeeds } from './public-need/public-need.events.ts';

/**
 * Who listens to what, in one place: a module that reacts to others' news adds its handler here.
 * Order matters for before-commit handlers: the outbox writer stays last (it takes the outbox lock).
 */
export function createEventBus(logError: (message: string) => void): EventBus {
  return new EventBus(
    { beforeCommit: [publishAffectedNeeds], afterCommit: [] },
    (error: unknown, events: readonly DomainEvent[]) =>
      logError(
        `an after-commit handler failed on ${events.map((e) => e.type).join(', ')}: ${String((error as Error)?.message ?? error).slice(0, 200)}`,
      ),
  );
}
