import { defineModule } from '../../common/feature-module.ts';
import { HelperStandingRow, Inspection, InspectionDraw, RectificationTask } from './supervision.entity.ts';
import { supervisionLoaders } from './supervision.loaders.ts';

export const supervisionModule = defineModule({
  name: 'supervision',
  entities: [Inspection, RectificationTask, InspectionDraw, HelperStandingRow],
  loaders: supervisionLoaders,
  async schema() {
    const {
      SupervisionResolver,
      InspectionResolver,
      InspectionDrawResolver,
      SupervisedAgreementResolver,
      HelperStandingResolver,
    } = await import('./supervision.resolver.ts');
    return {
      resolvers: [
        SupervisionResolver,
        InspectionResolver,
        InspectionDrawResolver,
        SupervisedAgreementResolver,
        HelperStandingResolver,
      ],
      types: [Inspection],
    };
  },
});
