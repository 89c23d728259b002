import { defineModule } from '../../common/feature-module.ts';
import { Visit } from './visit.entity.ts';
import { visitLoaders } from './visit.loaders.ts';

export const visitModule = defineModule({
  name: 'visit',
  entities: [Visit],
  loaders: visitLoaders,
  async schema() {
    const { VisitResolver } = await import('./visit.resolver.ts');
    return { resolvers: [VisitResolver], types: [Visit] };
  },
});
