import type { EntityManager } from 'typeorm';
import { byIdLoader } from '../../common/loader.ts';
import { Person } from './person.entity.ts';

export function personLoaders(em: () => EntityManager) {
  return { person: byIdLoader(em, Person) };
}
