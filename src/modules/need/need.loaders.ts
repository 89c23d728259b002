import { In, type EntityManager } from 'typeorm';
import { batchLoader, byIdLoader, groupInKeyOrder, type BatchWaves } from '../../common/loader.ts';
import { Need, NeedHelperPreference, NeedStatusChange } from './need.entity.ts';

export function needLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    need: byIdLoader(waves, em, Need),
    needsOfElder: batchLoader<string, Need[]>(waves, async (elderIds) => {
      const rows = await em()
        .getRepository(Need)
        .find({ where: { elderId: In([...elderIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
      return groupInKeyOrder(elderIds, rows, (row) => row.elderId);
    }),
    preferencesOf: batchLoader<string, NeedHelperPreference[]>(waves, async (needIds) => {
      const rows = await em()
        .getRepository(NeedHelperPreference)
        .find({ where: { needId: In([...needIds]) }, order: { helperId: 'ASC' } });
      return groupInKeyOrder(needIds, rows, (row) => row.needId);
    }),
    historyOf: batchLoader<string, NeedStatusChange[]>(waves, async (needIds) => {
      const rows = await em()
        .getRepository(NeedStatusChange)
        .find({ where: { needId: In([...needIds]) }, order: { at: 'ASC', id: 'ASC' } });
      return groupInKeyOrder(needIds, rows, (row) => row.needId);
    }),
  };
}
