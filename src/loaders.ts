import type { EntityManager } from 'typeorm';
import type { LoadersOfModules } from './common/feature-module.ts';
import { BatchWaves } from './common/loader.ts';
import { featureModules } from './modules/registry.ts';

type ModuleLoaders = LoadersOfModules<typeof featureModules>;

/** A fresh set per request, so nothing cached outlives the request that read it. */
export function createLoaders(em: () => EntityManager) {
  const waves = new BatchWaves();
  const loaders: Record<string, { clearAll(): unknown }> = {};
  for (const module of featureModules) {
    if (!module.loaders) continue;
    for (const [name, loader] of Object.entries(module.loaders(waves, em))) {
      if (name in loaders) throw new Error(`Two modules offer a loader called ${name}`);
      loaders[name] = loader as { clearAll(): unknown };
    }
  }
  const all = Object.values(loaders);
  return Object.assign({ ...loaders } as unknown as ModuleLoaders, {
    clearAll(): void {
      for (const loader of all) loader.clearAll();
    },
  });
}

export type Loaders = ReturnType<typeof createLoaders>;
