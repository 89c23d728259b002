import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Viewer } from './auth/viewer.ts';
import type { DomainEvent } from './events/domain-event.ts';
import { RecordedEvents, type EventBus } from './events/event-bus.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** What a response withheld: `extensions.redacted`, one entry per field with how many values. */
export interface RedactedField {
  field: string;
  count: number;
  reason: string;
}

const REDACTION_REASON = "sensitive: only ADMIN and coordinators of the record's region may read it";

/**
 * Per request: who asks, their batch loaders, the entity manager to work in, and the domain
 * events the request's writes recorded. `em` and the events live in a shared holder because
 * Apollo hands resolvers a shallow copy of the context: a transaction opened through one copy
 * must be seen by the loaders built for the original.
 */
export class Context {
  readonly loaders: Loaders;
  private readonly state: { em: EntityManager; events: RecordedEvents };
  /** Sensitive values withheld from this viewer in this request, by `Type.field`. */
  private readonly redactions = new Map<string, number>();

  constructor(
    readonly dataSource: DataSource,
    readonly config: Config,
    readonly viewer: Viewer,
    /** The process logger: background work started by a request reports its failures here. */
    readonly logger: Logger,
    /** Where recorded events go: handled before and after the mutation's commit (common/mutation.ts). */
    readonly bus: EventBus,
  ) {
    const state = { em: dataSource.manager, events: new RecordedEvents() };
    this.state = state;
    this.loaders = createLoaders(() => state.em);
  }

  /** Notes one sensitive value withheld from the viewer (src/auth/sensitive.ts). */
  redacted(field: string): void {
    this.redactions.set(field, (this.redactions.get(field) ?? 0) + 1);
  }

  /** What was withheld, for the response's `extensions.redacted`. */
  withheld(): RedactedField[] {
    return [...this.redactions]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([field, count]) => ({ field, count, reason: REDACTION_REASON }));
  }

  /** The open transaction's manager inside `inTransaction`, otherwise the pool's. */
  get em(): EntityManager {
    return this.state.em;
  }

  set em(manager: EntityManager) {
    this.state.em = manager;
  }

  /** Records what a write did, for the modules that care (the charities' feed, later alerts and the ledger). */
  record(event: DomainEvent): void {
    this.state.events.record(event);
  }

  get events(): RecordedEvents {
    return this.state.events;
  }
}

export function createContext(
  dataSource: DataSource,
  config: Config,
  viewer: Viewer,
  logger: Logger,
  bus: EventBus,
): Context {
  return new Context(dataSource, config, viewer, logger, bus);
}
