import { In, type EntityManager } from 'typeorm';
import { BatchWaves, batchLoader, byIdLoader, groupInKeyOrder } from '../../common/loader.ts';
import { Organisation, OrganisationMember, OrganisationServiceArea } from './organisation.entity.ts';

export function organisationLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    organisation: byIdLoader(waves, em, Organisation),
    serviceAreasOf: batchLoader<string, OrganisationServiceArea[]>(waves, async (organisationIds) => {
      const rows = await em()
        .getRepository(OrganisationServiceArea)
        .findBy({ organisationId: In([...organisationIds]) });
      return groupInKeyOrder(organisationIds, rows, (row) => row.organisationId);
    }),
    membersOf: batchLoader<string, OrganisationMember[]>(waves, async (organisationIds) => {
      const rows = await em()
        .getRepository(OrganisationMember)
        .find({ where: { organisationId: In([...organisationIds]) }, order: { joinedAt: 'ASC', personId: 'ASC' } });
      return groupInKeyOrder(organisationIds, rows, (row) => row.organisationId);
    }),
    membershipsOf: batchLoader<string, OrganisationMember[]>(waves, async (personIds) => {
      const rows = await em()
        .getRepository(OrganisationMember)
        .find({ where: { personId: In([...personIds]) }, order: { joinedAt: 'ASC', organisationId: 'ASC' } });
      return groupInKeyOrder(personIds, rows, (row) => row.personId);
    }),
  };
}
