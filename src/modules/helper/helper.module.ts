import { defineModule } from '../../common/feature-module.ts';
import { Helper } from './helper.entity.ts';
import { Certificate, HelperAvailability } from './helper-parts.entity.ts';
import { helperLoaders } from './helper.loaders.ts';

export const helperModule = defineModule({
  name: 'helper',
  entities: [Helper, HelperAvailability, Certificate],
  loaders: helperLoaders,
  async schema() {
    const { HelperResolver } = await import('./helper.resolver.ts');
    return { resolvers: [HelperResolver], types: [Helper, Certificate] };
  },
});
