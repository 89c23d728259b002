import { defineModule } from '../../common/feature-module.ts';
import { Person } from './person.entity.ts';
import { personLoaders } from './person.loaders.ts';

export const personModule = defineModule({
  name: 'person',
  entities: [Person],
  loaders: personLoaders,
  async schema() {
    const { PersonResolver } = await import('./person.resolver.ts');
    return { resolvers: [PersonResolver], types: [Person] };
  },
});
