import { defineModule } from '../../common/feature-module.ts';
import { CharityPledge } from './pledge.entity.ts';
import { SharingConsent } from './sharing-consent.entity.ts';
import { publicNeedLoaders } from './public-need.loaders.ts';
import { consentLoaders } from './sharing-consent.loaders.ts';

export const publicNeedModule = defineModule({
  name: 'public-need',
  entities: [SharingConsent, CharityPledge],
  rawTables: [
    {
      table: 'public_need',
      why: 'the redacted copy of each shared need, rebuilt set-based for every need a write touched (public-need.publish.ts)',
    },
    { table: 'public_need_event', why: 'the append-only outbox of the feed, appended and pruned set-based' },
    {
      table: 'outbox_cursor',
      why: "named positions in the outbox ('webhooks': the dispatcher's, claimed and moved through claimOutboxCursor/moveOutboxCursor; 'pruned': how far retention removed)",
    },
  ],
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
