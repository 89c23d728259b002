import type { EntityManager } from 'typeorm';
import { selectEntities } from '../../db/hydrate.ts';
import { batchLoader, byIdLoader, groupInKeyOrder, type BatchWaves } from '../../common/loader.ts';
import { Need, NeedHelperPreference, NeedStatusChange } from './need.entity.ts';

export function needLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    need: byIdLoader(waves, em, Need),
    needsOfElder: batchLoader<string, Need[]>(waves, async (elderIds) => {
      const rows = await selectEntities(em(), Need, 'elder_id = ANY($1) ORDER BY created_at, id', [elderIds]);
      return groupInKeyOrder(elderIds, rows, (row) => row.elderId);
    }),
    preferencesOf: batchLoader<string, NeedHelperPreference[]>(waves, async (needIds) => {
      const rows = await selectEntities(em(), NeedHelperPreference, 'need_id = ANY($1) ORDER BY helper_id', [needIds]);
      return groupInKeyOrder(needIds, rows, (row) => row.needId);
    }),
    historyOf: batchLoader<string, NeedStatusChange[]>(waves, async (needIds) => {
      const rows = await selectEntities(em(), NeedStatusChange, 'need_id = ANY($1) ORDER BY at, id', [needIds]);
      return groupInKeyOrder(needIds, rows, (row) => row.needId);
    }),
  };
}
