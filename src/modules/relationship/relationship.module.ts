import { defineModule } from '../../common/feature-module.ts';
import { RelationshipRow } from './relationship.entity.ts';
import { relationshipLoaders } from './relationship.loaders.ts';

export const relationshipModule = defineModule({
  name: 'relationship',
  entities: [RelationshipRow],
  loaders: relationshipLoaders,
  async schema() {
    const [{ RelationshipResolver }, { Relationship }] = await Promise.all([
      import('./relationship.resolver.ts'),
      import('./relationship.type.ts'),
    ]);
    return { resolvers: [RelationshipResolver], types: [Relationship] };
  },
});
