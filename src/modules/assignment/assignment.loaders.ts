import type { EntityManager } from 'typeorm';
import { selectEntities } from '../../db/hydrate.ts';
import { batchLoader, byIdLoader, groupInKeyOrder, type BatchWaves } from '../../common/loader.ts';
import { Assignment } from './assignment.entity.ts';
import { AssignmentStatus } from './assignment.enums.ts';

/** Active first, then the most recent. */
function activeFirst(a: Assignment, b: Assignment): number {
  const active = Number(b.status === AssignmentStatus.ACTIVE) - Number(a.status === AssignmentStatus.ACTIVE);
  return active || b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? -1 : 1);
}

export function assignmentLoaders(waves: BatchWaves, em: () => EntityManager) {
  /** Assignments whose `column` is one of the keys, active first; only ACTIVE ones unless `all`. */
  const by = (column: 'need_id' | 'helper_id' | 'elder_id', key: (row: Assignment) => string, all: boolean) =>
    batchLoader<string, Assignment[]>(waves, async (ids) => {
      const rows = all
        ? await selectEntities(em(), Assignment, `${column} = ANY($1)`, [ids])
        : await selectEntities(em(), Assignment, `${column} = ANY($1) AND status = $2`, [ids, AssignmentStatus.ACTIVE]);
      rows.sort(activeFirst);
      return groupInKeyOrder(ids, rows, key);
    });
  return {
    assignment: byIdLoader(waves, em, Assignment),
    /** Every assignment a need has had, active first. */
    assignmentsOfNeed: by('need_id', (row) => row.needId, true),
    /** A helper's standing assignments. */
    activeAssignmentsOfHelper: by('helper_id', (row) => row.helperId, false),
    /** Who stands for an elder now, across their needs. */
    activeAssignmentsOfElder: by('elder_id', (row) => row.elderId, false),
  };
}
