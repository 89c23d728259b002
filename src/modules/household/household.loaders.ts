import { In, type EntityManager } from 'typeorm';
import { BatchWaves, batchLoader, byIdLoader, groupInKeyOrder } from '../../common/loader.ts';
import { Person } from '../person/person.entity.ts';
import { Household } from './household.entity.ts';

export function householdLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    household: byIdLoader(waves, em, Household),
    householdMembers: batchLoader<string, Person[]>(waves, async (householdIds) => {
      const rows = await em()
        .getRepository(Person)
        .find({ where: { householdId: In([...householdIds]) }, order: { birthYear: 'ASC', id: 'ASC' } });
      return groupInKeyOrder(householdIds, rows, (row) => row.householdId!);
    }),
  };
}
