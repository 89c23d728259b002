import type { EntityManager } from 'typeorm';
import { BatchWaves, byIdLoader } from '../../common/loader.ts';
import { Region } from './region.entity.ts';

export function regionLoaders(waves: BatchWaves, em: () => EntityManager) {
  return { region: byIdLoader(waves, em, Region) };
}
