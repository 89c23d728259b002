import type { EntityManager } from 'typeorm';
import { BatchWaves, byIdLoader } from '../../common/loader.ts';
import { Person } from './person.entity.ts';

export function personLoaders(waves: BatchWaves, em: () => EntityManager) {
  return { person: byIdLoader(waves, em, Person) };
}
