import { defineModule } from '../../common/feature-module.ts';
import { Need, NeedHelperPreference, NeedStatusChange } from './need.entity.ts';
import { needLoaders } from './need.loaders.ts';

export const needModule = defineModule({
  name: 'need',
  entities: [Need, NeedStatusChange, NeedHelperPreference],
  loaders: needLoaders,
  async schema() {
    const { NeedResolver } = await import('./need.resolver.ts');
    return { resolvers: [NeedResolver], types: [Need] };
  },
});
