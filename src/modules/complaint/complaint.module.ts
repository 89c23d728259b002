import { defineModule } from '../../common/feature-module.ts';
import { Complaint, ComplaintStep, HelperSuspension } from './complaint.entity.ts';
import { complaintLoaders } from './complaint.loaders.ts';

export const complaintModule = defineModule({
  name: 'complaint',
  entities: [Complaint, ComplaintStep, HelperSuspension],
  loaders: complaintLoaders,
  async schema() {
    const resolvers = await import('./complaint.resolver.ts');
    return {
      resolvers: [
        resolvers.ComplaintResolver,
        resolvers.ComplaintStepResolver,
        resolvers.HelperSuspensionResolver,
        resolvers.HelperComplaintsResolver,
        resolvers.AgreementComplaintsResolver,
        resolvers.VisitComplaintsResolver,
      ],
      types: [Complaint],
    };
  },
});
