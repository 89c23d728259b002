import type { EntityManager } from 'typeorm';
import { batchLoader, byIdLoader, groupInKeyOrder, type BatchWaves } from '../../common/loader.ts';
import { selectEntities } from '../../db/hydrate.ts';
import { AgreementChange, AgreementSignature, CareAgreement, CareAgreementNeed } from './agreement.entity.ts';

export function agreementLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    careAgreement: byIdLoader(waves, em, CareAgreement),
    /** The needs each agreement covers (ids), in need order. */
    needsOfAgreement: batchLoader<string, CareAgreementNeed[]>(waves, async (ids) => {
      const rows = await selectEntities(em(), CareAgreementNeed, 'agreement_id = ANY($1) ORDER BY need_id', [ids]);
      return groupInKeyOrder(ids, rows, (row) => row.agreementId);
    }),
    /** The agreements covering each need (ids). */
    agreementsOfNeed: batchLoader<string, CareAgreementNeed[]>(waves, async (ids) => {
      const rows = await selectEntities(em(), CareAgreementNeed, 'need_id = ANY($1) ORDER BY agreement_id', [ids]);
      return groupInKeyOrder(ids, rows, (row) => row.needId);
    }),
    signaturesOf: batchLoader<string, AgreementSignature[]>(waves, async (ids) => {
      const rows = await selectEntities(em(), AgreementSignature, 'agreement_id = ANY($1) ORDER BY signed_at, party', [
        ids,
      ]);
      return groupInKeyOrder(ids, rows, (row) => row.agreementId);
    }),
    agreementHistoryOf: batchLoader<string, AgreementChange[]>(waves, async (ids) => {
      const rows = await selectEntities(em(), AgreementChange, 'agreement_id = ANY($1) ORDER BY at, id', [ids]);
      return groupInKeyOrder(ids, rows, (row) => row.agreementId);
    }),
  };
}
