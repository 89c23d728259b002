import { defineModule } from '../../common/feature-module.ts';
import { ApiAccount, ApiKey, ApiKeyUse } from './api-account.entity.ts';

export const charityModule = defineModule({
  name: 'charity',
  entities: [ApiAccount, ApiKey, ApiKeyUse],
  async schema() {
    const { ApiAccountResolver } = await import('./api-account.resolver.ts');
    return { resolvers: [ApiAccountResolver] };
  },
});
