import type { EntityManager } from 'typeorm';
import { batchLoader, byIdLoader, groupInKeyOrder, type BatchWaves } from '../../common/loader.ts';
import { selectEntities } from '../../db/hydrate.ts';
import { CreditEntry } from './credit.entity.ts';

export function creditLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    creditEntry: byIdLoader(waves, em, CreditEntry),
    /** The correction of each entry, if it has one (at most one: `corrects_id` is unique). */
    correctionOf: batchLoader<string, CreditEntry | undefined>(waves, async (ids) => {
      const rows = await selectEntities(em(), CreditEntry, 'corrects_id = ANY($1)', [ids]);
      return groupInKeyOrder(ids, rows, (row) => row.correctsId!).map((group) => group[0]);
    }),
  };
}
