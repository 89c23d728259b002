import DataLoader from 'dataloader';
import { In, type EntityManager } from 'typeorm';
import { byIdLoader, groupInKeyOrder } from '../../common/loader.ts';
import { Organisation, OrganisationMember, OrganisationServiceArea } from './organisation.entity.ts';

export function organisationLoaders(em: () => EntityManager) {
  return {
    organisation: byIdLoader(em, Organisation),
    serviceAreasOf: new DataLoader<string, OrganisationServiceArea[]>(async (organisationIds) => {
      const rows = await em()
        .getRepository(OrganisationServiceArea)
        .findBy({ organisationId: In([...organisationIds]) });
      return groupInKeyOrder(organisationIds, rows, (row) => row.organisationId);
    }),
    membersOf: new DataLoader<string, OrganisationMember[]>(async (organisationIds) => {
      const rows = await em()
        .getRepository(OrganisationMember)
        .find({ where: { organisationId: In([...organisationIds]) }, order: { joinedAt: 'ASC', personId: 'ASC' } });
      return groupInKeyOrder(organisationIds, rows, (row) => row.organisationId);
    }),
    membershipsOf: new DataLoader<string, OrganisationMember[]>(async (personIds) => {
      const rows = await em()
        .getRepository(OrganisationMember)
        .find({ where: { personId: In([...personIds]) }, order: { joinedAt: 'ASC', organisationId: 'ASC' } });
      return groupInKeyOrder(personIds, rows, (row) => row.personId);
    }),
  };
}
