import { defineModule } from '../../common/feature-module.ts';
import { Organisation, OrganisationMember, OrganisationServiceArea } from './organisation.entity.ts';
import { organisationLoaders } from './organisation.loaders.ts';

export const organisationModule = defineModule({
  name: 'organisation',
  entities: [Organisation, OrganisationServiceArea, OrganisationMember],
  loaders: organisationLoaders,
  async schema() {
    const { OrganisationResolver } = await import('./organisation.resolver.ts');
    return { resolvers: [OrganisationResolver], types: [Organisation] };
  },
});
