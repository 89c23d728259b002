import type { EntityManager } from 'typeorm';
import { BatchWaves } from './common/loader.ts';
import { helperLoaders } from './modules/helper/helper.loaders.ts';
import { householdLoaders } from './modules/household/household.loaders.ts';
import { needLoaders } from './modules/need/need.loaders.ts';
import { organisationLoaders } from './modules/organisation/organisation.loaders.ts';
import { personLoaders } from './modules/person/person.loaders.ts';
import { policyLoaders } from './modules/policy/policy.loaders.ts';
import { regionLoaders } from './modules/region/region.loaders.ts';
import { relationshipLoaders } from './modules/relationship/relationship.loaders.ts';
import { publicNeedLoaders } from './modules/public-need/public-need.loaders.ts';
import { consentLoaders } from './modules/public-need/sharing-consent.loaders.ts';
import { webhookLoaders } from './modules/webhook/webhook.loaders.ts';

/** A fresh set per request, so nothing cached outlives the request that read it. */
export function createLoaders(em: () => EntityManager) {
  const waves = new BatchWaves();
  const loaders = {
    ...regionLoaders(waves, em),
    ...householdLoaders(waves, em),
    ...personLoaders(waves, em),
    ...relationshipLoaders(waves, em),
    ...organisationLoaders(waves, em),
    ...helperLoaders(waves, em),
    ...needLoaders(waves, em),
    ...policyLoaders(waves, em),
    ...consentLoaders(waves, em),
    ...publicNeedLoaders(waves, em),
    ...webhookLoaders(waves, em),
  };
  return {
    ...loaders,
    clearAll(): void {
      for (const loader of Object.values(loaders)) loader.clearAll();
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
