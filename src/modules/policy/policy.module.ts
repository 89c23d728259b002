import { defineModule } from '../../common/feature-module.ts';
import { CountyPolicy } from './county-policy.entity.ts';
import { policyLoaders } from './policy.loaders.ts';

export const policyModule = defineModule({
  name: 'policy',
  entities: [CountyPolicy],
  loaders: policyLoaders,
  async schema() {
    const { PolicyResolver } = await import('./policy.resolver.ts');
    const { MediationPolicyResolver } = await import('./mediation-policy.resolver.ts');
    return { resolvers: [PolicyResolver, MediationPolicyResolver] };
  },
});
