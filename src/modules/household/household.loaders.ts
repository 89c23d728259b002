import type { EntityManager } from 'typeorm';
import { selectEntities } from '../../db/hydrate.ts';
import { BatchWaves, batchLoader, byIdLoader, groupInKeyOrder } from '../../common/loader.ts';
import { Person } from '../person/person.entity.ts';
import { Household } from './household.entity.ts';

export function householdLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    household: byIdLoader(waves, em, Household),
    householdMembers: batchLoader<string, Person[]>(waves, async (householdIds) => {
      const rows = await selectEntities(em(), Person, 'household_id = ANY($1) ORDER BY birth_year, id', [householdIds]);
      return groupInKeyOrder(householdIds, rows, (row) => row.householdId!);
    }),
  };
}
