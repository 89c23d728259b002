import type { EntityManager } from 'typeorm';
import { BatchWaves, immutableByIdLoader } from '../../common/loader.ts';
import { Region } from './region.entity.ts';

export function regionLoaders(waves: BatchWaves, em: () => EntityManager) {
  // Regions are created and never changed: their paths are read once per process, not per request.
  return { region: immutableByIdLoader(waves, em, Region, 'region') };
}
