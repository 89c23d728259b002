import { defineModule } from '../../common/feature-module.ts';
import { CreditEntry } from './credit.entity.ts';
import { creditLoaders } from './credit.loaders.ts';

export const creditModule = defineModule({
  name: 'credit',
  entities: [CreditEntry],
  loaders: creditLoaders,
  async schema() {
    const { CreditResolver } = await import('./credit.resolver.ts');
    return { resolvers: [CreditResolver], types: [CreditEntry] };
  },
});
