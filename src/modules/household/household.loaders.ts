import DataLoader from 'dataloader';
import { In, type EntityManager } from 'typeorm';
import { byIdLoader, groupInKeyOrder } from '../../common/loader.ts';
import { Person } from '../person/person.entity.ts';
import { Household } from './household.entity.ts';

export function householdLoaders(em: () => EntityManager) {
  return {
    household: byIdLoader(em, Household),
    householdMembers: new DataLoader<string, Person[]>(async (householdIds) => {
      const rows = await em()
        .getRepository(Person)
        .find({ where: { householdId: In([...householdIds]) }, order: { birthYear: 'ASC', id: 'ASC' } });
      return groupInKeyOrder(householdIds, rows, (row) => row.householdId!);
    }),
  };
}
