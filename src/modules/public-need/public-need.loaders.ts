import { In, type EntityManager } from 'typeorm';
import { batchLoader, groupInKeyOrder, type BatchWaves } from '../../common/loader.ts';
import { CharityPledge } from './pledge.entity.ts';

export function publicNeedLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    pledgesOfNeed: batchLoader<string, CharityPledge[]>(waves, async (needIds) => {
      const rows = await em()
        .getRepository(CharityPledge)
        .find({ where: { needId: In([...needIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
      return groupInKeyOrder(needIds, rows, (row) => row.needId);
    }),
    publicIdOfNeed: batchLoader<string, string | undefined>(waves, async (needIds) => {
      const rows: { need_id: string; public_id: string }[] = await em().query(
        'SELECT need_id, public_id FROM public_need WHERE need_id = ANY($1)',
        [[...needIds]],
      );
      const byNeed = new Map(rows.map((row) => [row.need_id, row.public_id]));
      return needIds.map((id) => byNeed.get(id));
    }),
  };
}
