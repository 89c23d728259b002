import type { EntityManager } from 'typeorm';
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
      const query = em()
        .getRepository(Assignment)
        .createQueryBuilder('a')
        .where(`a.${column} = ANY(:ids)`, { ids: [...ids] });
      if (!all) query.andWhere('a.status = :active', { active: AssignmentStatus.ACTIVE });
      const rows = await query.getMany();
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
