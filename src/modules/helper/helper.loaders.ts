import { In, type EntityManager } from 'typeorm';
import { batchLoader, byIdLoader, groupInKeyOrder, type BatchWaves } from '../../common/loader.ts';
import { Helper } from './helper.entity.ts';
import { Certificate, HelperAvailability } from './helper-parts.entity.ts';
import { AssignmentStatus } from '../assignment/assignment.enums.ts';

export interface CommittedLoad {
  minutes: number;
  elders: number;
}

export function helperLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    helper: byIdLoader(waves, em, Helper),
    helperOfPerson: batchLoader<string, Helper | undefined>(waves, async (personIds) => {
      const rows = await em()
        .getRepository(Helper)
        .findBy({ personId: In([...personIds]) });
      return personIds.map((id) => rows.find((row) => row.personId === id));
    }),
    availabilityOf: batchLoader<string, HelperAvailability[]>(waves, async (helperIds) => {
      const rows = await em()
        .getRepository(HelperAvailability)
        .find({
          where: { helperId: In([...helperIds]) },
          order: { weekday: 'ASC', windowStart: 'ASC' },
        });
      return groupInKeyOrder(helperIds, rows, (row) => row.helperId);
    }),
    certificatesOf: batchLoader<string, Certificate[]>(waves, async (helperIds) => {
      const rows = await em()
        .getRepository(Certificate)
        .find({ where: { helperId: In([...helperIds]) }, order: { expiresOn: 'DESC', id: 'ASC' } });
      return groupInKeyOrder(helperIds, rows, (row) => row.helperId);
    }),
    /** Committed load from ACTIVE assignments, summed by the database in one statement. */
    loadOf: batchLoader<string, CommittedLoad>(waves, async (helperIds) => {
      const rows: { helper_id: string; minutes: number; elders: number }[] = await em().query(
        `SELECT helper_id, sum(weekly_minutes)::int AS minutes, count(DISTINCT elder_id)::int AS elders
           FROM assignment WHERE status = '${AssignmentStatus.ACTIVE}' AND helper_id = ANY($1) GROUP BY helper_id`,
        [[...helperIds]],
      );
      const byId = new Map(rows.map((row) => [row.helper_id, { minutes: row.minutes, elders: row.elders }]));
      return helperIds.map((id) => byId.get(id) ?? { minutes: 0, elders: 0 });
    }),
  };
}
