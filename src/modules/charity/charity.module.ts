import { defineModule } from '../../common/feature-module.ts';
import { ApiAccount, ApiKey, ApiKeyUse } from './api-account.entity.ts';

export const charityModule = defineModule({
  name: 'charity',
  entities: [ApiAccount, ApiKey, ApiKeyUse],
  rawTables: [
    {
      table: 'api_key_window',
      why: 'per-minute request counters of the rate limit, one atomic upsert per request (api-key.auth.ts)',
    },
  ],
  async schema() {
    const { ApiAccountResolver } = await import('./api-account.resolver.ts');
    return { resolvers: [ApiAccountResolver] };
  },
});
