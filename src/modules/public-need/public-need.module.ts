import { defineModule } from '../../common/feature-module.ts';
import { CharityPledge } from './pledge.entity.ts';
import { SharingConsent } from './sharing-consent.entity.ts';
import { publicNeedLoaders } from './public-need.loaders.ts';
import { consentLoaders } from './sharing-consent.loaders.ts';

export const publicNeedModule = defineModule({
  name: 'public-need',
  entities: [SharingConsent, CharityPledge],
  loaders: (waves, em) => ({ ...consentLoaders(waves, em), ...publicNeedLoaders(waves, em) }),
  async schema() {
    const [{ PublicNeedResolver }, { PledgeResolver, NeedPledgesResolver }, { SharingConsentResolver }] =
      await Promise.all([
        import('./public-need.resolver.ts'),
        import('./pledge.resolver.ts'),
        import('./sharing-consent.resolver.ts'),
      ]);
    return { resolvers: [SharingConsentResolver, PublicNeedResolver, PledgeResolver, NeedPledgesResolver] };
  },
});
