import { defineModule } from '../../common/feature-module.ts';
import { Assignment } from './assignment.entity.ts';

export const assignmentModule = defineModule({
  name: 'assignment',
  entities: [Assignment],
});
