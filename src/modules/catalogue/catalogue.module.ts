import { defineModule } from '../../common/feature-module.ts';

export const catalogueModule = defineModule({
  name: 'catalogue',
  async schema() {
    const { CatalogueResolver } = await import('./catalogue.resolver.ts');
    return { resolvers: [CatalogueResolver] };
  },
});
