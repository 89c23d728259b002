import { In, type EntityManager } from 'typeorm';
import { batchLoader, type BatchWaves } from '../../common/loader.ts';
import { CountyPolicy } from './county-policy.entity.ts';

export function policyLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    countyPolicy: batchLoader<string, CountyPolicy | undefined>(waves, async (countyIds) => {
      const rows = await em()
        .getRepository(CountyPolicy)
        .findBy({ countyId: In([...countyIds]) });
      return countyIds.map((id) => rows.find((row) => row.countyId === id));
    }),
  };
}
