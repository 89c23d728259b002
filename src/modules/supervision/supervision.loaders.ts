import type { EntityManager } from 'typeorm';
import { batchLoader, byIdLoader, groupInKeyOrder, type BatchWaves } from '../../common/loader.ts';
import { selectEntities } from '../../db/hydrate.ts';
import { HelperStandingRow, Inspection, RectificationTask } from './supervision.entity.ts';

export function supervisionLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    inspection: byIdLoader(waves, em, Inspection),
    /** The open rectification tasks of each agreement (a flagged agreement has one), by due date. */
    openTasksOfAgreement: batchLoader<string, RectificationTask[]>(waves, async (ids) => {
      const rows = await selectEntities(
        em(),
        RectificationTask,
        `agreement_id = ANY($1) AND status = 'OPEN' ORDER BY due_date, id`,
        [ids],
      );
      return groupInKeyOrder(ids, rows, (row) => row.agreementId);
    }),
    /** Each agreement's inspections, newest first. */
    inspectionsOfAgreement: batchLoader<string, Inspection[]>(waves, async (ids) => {
      const rows = await selectEntities(em(), Inspection, 'agreement_id = ANY($1) ORDER BY created_at DESC, id', [ids]);
      return groupInKeyOrder(ids, rows, (row) => row.agreementId!);
    }),
    /** The task a poor inspection opened, if any. */
    taskOfInspection: batchLoader<string, RectificationTask | null>(waves, async (ids) => {
      const rows = await selectEntities(em(), RectificationTask, 'inspection_id = ANY($1)', [ids]);
      return groupInKeyOrder(ids, rows, (row) => row.inspectionId).map((group) => group[0] ?? null);
    }),
    /** A helper's standing row; null: in good standing, never out of it. */
    standingOf: batchLoader<string, HelperStandingRow | null>(waves, async (ids) => {
      const rows = await selectEntities(em(), HelperStandingRow, 'helper_id = ANY($1)', [ids]);
      return groupInKeyOrder(ids, rows, (row) => row.helperId).map((group) => group[0] ?? null);
    }),
  };
}
