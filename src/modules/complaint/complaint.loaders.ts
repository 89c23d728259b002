import type { EntityManager } from 'typeorm';
import { batchLoader, byIdLoader, groupInKeyOrder, type BatchWaves } from '../../common/loader.ts';
import { selectEntities } from '../../db/hydrate.ts';
import { Complaint, ComplaintStep, HelperSuspension } from './complaint.entity.ts';

export function complaintLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    complaint: byIdLoader(waves, em, Complaint),
    /** Complaints about each visit, agreement, person or organisation, newest first. */
    complaintsAbout: batchLoader<string, Complaint[]>(waves, async (ids) => {
      const rows = await selectEntities(em(), Complaint, 'subject_id = ANY($1) ORDER BY received_at DESC, id', [ids]);
      return groupInKeyOrder(ids, rows, (row) => row.subjectId);
    }),
    complaintStepsOf: batchLoader<string, ComplaintStep[]>(waves, async (ids) => {
      const rows = await selectEntities(em(), ComplaintStep, 'complaint_id = ANY($1) ORDER BY at, id', [ids]);
      return groupInKeyOrder(ids, rows, (row) => row.complaintId);
    }),
    /** Suspensions a complaint caused (at most one). */
    suspensionOfComplaint: batchLoader<string, HelperSuspension | undefined>(waves, async (ids) => {
      const rows = await selectEntities(em(), HelperSuspension, 'complaint_id = ANY($1)', [ids]);
      return groupInKeyOrder(ids, rows, (row) => row.complaintId).map((group) => group[0]);
    }),
    /** Each helper's open suspension, if any. */
    openSuspensionOfHelper: batchLoader<string, HelperSuspension | undefined>(waves, async (ids) => {
      const rows = await selectEntities(em(), HelperSuspension, 'helper_id = ANY($1) AND reviewed_at IS NULL', [ids]);
      return groupInKeyOrder(ids, rows, (row) => row.helperId).map((group) => group[0]);
    }),
  };
}
