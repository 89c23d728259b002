import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from './config.ts';
import { Viewer } from './auth/viewer.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** Per request: who asks, their batch loaders, and the entity manager to work in. */
export interface Context {
  viewer: Viewer;
  loaders: Loaders;
  /** The open transaction's manager inside `inTransaction`, otherwise the pool's. */
  em: EntityManager;
  dataSource: DataSource;
  config: Config;
}

export function createContext(dataSource: DataSource, config: Config, viewer: Viewer): Context {
  const ctx = { viewer, dataSource, config, em: dataSource.manager } as Context;
  ctx.loaders = createLoaders(() => ctx.em);
  return ctx;
}
