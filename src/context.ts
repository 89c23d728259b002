import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Viewer } from './auth/viewer.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/**
 * Per request: who asks, their batch loaders, and the entity manager to work in.
 * `em` lives in a shared holder because Apollo hands resolvers a shallow copy of the context:
 * a transaction opened through one copy must be seen by the loaders built for the original.
 */
export class Context {
  readonly loaders: Loaders;
  private readonly state: { em: EntityManager; needsToPublish: Set<string> };

  constructor(
    readonly dataSource: DataSource,
    readonly config: Config,
    readonly viewer: Viewer,
    /** The process logger: background work started by a request reports its failures here. */
    readonly logger: Logger,
  ) {
    const state = { em: dataSource.manager, needsToPublish: new Set<string>() };
    this.state = state;
    this.loaders = createLoaders(() => state.em);
  }

  /** The open transaction's manager inside `inTransaction`, otherwise the pool's. */
  get em(): EntityManager {
    return this.state.em;
  }

  set em(manager: EntityManager) {
    this.state.em = manager;
  }

  /**
   * Needs whose public-feed state the current mutation may have changed. The mutation runner
   * publishes them as the transaction's last write (see public-need.publish.ts for why last).
   */
  get needsToPublish(): Set<string> {
    return this.state.needsToPublish;
  }
}

export function createContext(dataSource: DataSource, config: Config, viewer: Viewer, logger: Logger): Context {
  return new Context(dataSource, config, viewer, logger);
}
