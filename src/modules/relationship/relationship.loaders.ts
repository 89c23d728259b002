import type { EntityManager } from 'typeorm';
import { selectEntities } from '../../db/hydrate.ts';
import { batchLoader, BatchWaves } from '../../common/loader.ts';
import { Relationship } from './relationship.type.ts';
import { RelationshipRow } from './relationship.entity.ts';
import { RelationshipKind } from './relationship.enums.ts';

const KIND_ORDER: Record<RelationshipKind, number> = {
  [RelationshipKind.SPOUSE]: 0,
  [RelationshipKind.KIN]: 1,
  [RelationshipKind.NEIGHBOUR]: 2,
  [RelationshipKind.FRIEND]: 3,
  [RelationshipKind.CADRE_PAIRING]: 4,
};

/** Spouse, then kin by degree, then neighbours and friends; ties broken by age of the tie. */
function nearestFirst(a: RelationshipRow, b: RelationshipRow): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    (a.kinDegree ?? 0) - (b.kinDegree ?? 0) ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function relationshipLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    /** All ties of each person, seen from that person, oldest first. */
    relationshipsOf: batchLoader<string, Relationship[]>(waves, async (personIds) => {
      const rows = await selectEntities(em(), RelationshipRow, 'person_a_id = ANY($1) OR person_b_id = ANY($1)', [
        personIds,
      ]);
      rows.sort(nearestFirst);
      const byPerson = new Map<string, Relationship[]>(personIds.map((id) => [id, []]));
      for (const row of rows) {
        byPerson.get(row.personAId)?.push(new Relationship(row, row.personAId));
        byPerson.get(row.personBId)?.push(new Relationship(row, row.personBId));
      }
      return personIds.map((id) => byPerson.get(id)!);
    }),
  };
}
