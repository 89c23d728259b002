import { In, type EntityManager } from 'typeorm';
import { batchLoader, type BatchWaves } from '../../common/loader.ts';
import { SharingConsent } from './sharing-consent.entity.ts';

export function consentLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    sharingConsentOf: batchLoader<string, SharingConsent | undefined>(waves, async (elderIds) => {
      const rows = await em()
        .getRepository(SharingConsent)
        .findBy({ elderId: In([...elderIds]) });
      const byElder = new Map(rows.map((row) => [row.elderId, row]));
      return elderIds.map((id) => byElder.get(id));
    }),
  };
}
