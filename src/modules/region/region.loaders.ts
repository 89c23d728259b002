import type { EntityManager } from 'typeorm';
import { byIdLoader } from '../../common/loader.ts';
import { Region } from './region.entity.ts';

export function regionLoaders(em: () => EntityManager) {
  return { region: byIdLoader(em, Region) };
}
