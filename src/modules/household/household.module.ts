import { defineModule } from '../../common/feature-module.ts';
import { Household } from './household.entity.ts';
import { householdLoaders } from './household.loaders.ts';

export const householdModule = defineModule({
  name: 'household',
  entities: [Household],
  loaders: householdLoaders,
  async schema() {
    const { HouseholdResolver } = await import('./household.resolver.ts');
    return { resolvers: [HouseholdResolver], types: [Household] };
  },
});
