import { defineModule } from '../../common/feature-module.ts';
import { Assignment } from './assignment.entity.ts';
import { assignmentLoaders } from './assignment.loaders.ts';

export const assignmentModule = defineModule({
  name: 'assignment',
  entities: [Assignment],
  loaders: assignmentLoaders,
  async schema() {
    const { AssignmentResolver, HelperAssignmentsResolver, NeedAssignmentsResolver, PersonCareResolver } =
      await import('./assignment.resolver.ts');
    return {
      resolvers: [AssignmentResolver, NeedAssignmentsResolver, HelperAssignmentsResolver, PersonCareResolver],
      types: [Assignment],
    };
  },
});
