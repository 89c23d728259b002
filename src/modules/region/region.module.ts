import { defineModule } from '../../common/feature-module.ts';
import { Region } from './region.entity.ts';
import { regionLoaders } from './region.loaders.ts';

export const regionModule = defineModule({
  name: 'region',
  entities: [Region],
  loaders: regionLoaders,
  async schema() {
    const { RegionResolver } = await import('./region.resolver.ts');
    return { resolvers: [RegionResolver], types: [Region] };
  },
});
