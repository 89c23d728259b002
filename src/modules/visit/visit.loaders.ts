import type { EntityManager } from 'typeorm';
import { batchLoader, byIdLoader, type BatchWaves } from '../../common/loader.ts';
import { today } from '../../common/time.ts';
import { helperRecords, type HelperRecord } from './reliability.ts';
import { Visit } from './visit.entity.ts';

export function visitLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    visit: byIdLoader(waves, em, Visit),
    /** Each helper's record over the last 90 days; null without history. */
    helperRecord: batchLoader<string, HelperRecord | null>(waves, async (ids) => {
      const records = await helperRecords(em(), ids, today());
      return ids.map((id) => records.get(id) ?? null);
    }),
  };
}
