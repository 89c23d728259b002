import { defineModule } from '../../common/feature-module.ts';
import {
  AgreementChange,
  AgreementSignature,
  CareAgreement,
  CareAgreementNeed,
  ElderHelperExclusion,
} from './agreement.entity.ts';
import { agreementLoaders } from './agreement.loaders.ts';

export const agreementModule = defineModule({
  name: 'agreement',
  entities: [CareAgreement, CareAgreementNeed, AgreementSignature, AgreementChange, ElderHelperExclusion],
  loaders: agreementLoaders,
  async schema() {
    const { CareAgreementResolver, NeedAgreementsResolver } = await import('./agreement.resolver.ts');
    return { resolvers: [CareAgreementResolver, NeedAgreementsResolver], types: [CareAgreement] };
  },
});
