import type { EntityManager } from 'typeorm';
import { byIdLoader, type BatchWaves } from '../../common/loader.ts';
import { Visit } from './visit.entity.ts';

export function visitLoaders(waves: BatchWaves, em: () => EntityManager) {
  return { visit: byIdLoader(waves, em, Visit) };
}
