import { defineModule } from '../../common/feature-module.ts';

export const viewerModule = defineModule({
  name: 'viewer',
  async schema() {
    const { ViewerResolver } = await import('./viewer.resolver.ts');
    return { resolvers: [ViewerResolver] };
  },
});
