import type { EntityManager } from 'typeorm';
import type { DomainEvent } from './domain-event.ts';

/**
 * Runs inside the writing transaction, after the write and before the commit: for side effects
 * that must commit or roll back with the write (the charities' outbox, later ledger postings).
 */
export type BeforeCommitHandler = (em: EntityManager, events: readonly DomainEvent[]) => Promise<void>;

/** Runs after the commit: for side effects that must not happen if the write did not (alerts, wake-ups). */
export type AfterCommitHandler = (events: readonly DomainEvent[]) => Promise<void>;

export interface EventHandlers {
  beforeCommit: readonly BeforeCommitHandler[];
  afterCommit: readonly AfterCommitHandler[];
}

/**
 * Domain events, dispatched to the handlers the process was built with. It imports no feature:
 * the composition root (server, CLI, worker) gives it the handlers, so `src/common` and the
 * writers need not know who listens.
 */
export class EventBus {
  constructor(
    private readonly handlers: EventHandlers,
    private readonly onAfterCommitError: (error: unknown, events: readonly DomainEvent[]) => void,
  ) {}

  async beforeCommit(em: EntityManager, events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const handler of this.handlers.beforeCommit) await handler(em, events);
  }

  /** The write has committed: a failing handler is logged, never undoes it or fails the request. */
  async afterCommit(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const handler of this.handlers.afterCommit) {
      try {
        await handler(events);
      } catch (error) {
        this.onAfterCommitError(error, events);
      }
    }
  }
}

/** Events recorded during one unit of work (a mutation, a match run), drained once handled. */
export class RecordedEvents {
  private readonly events: DomainEvent[] = [];

  record(event: DomainEvent): void {
    this.events.push(event);
  }

  drain(): DomainEvent[] {
    return this.events.splice(0, this.events.length);
  }

  clear(): void {
    this.events.length = 0;
  }
}
