import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The row of `entity` with this id, locked for the rest of the transaction (`FOR UPDATE`, or
 * `FOR SHARE` with `share`), or null when the id is missing or names nothing.
 */
export function lockedById<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  id: string | undefined | null,
  share = false,
): Promise<T | null> {
  if (!id) return Promise.resolve(null);
  return em
    .getRepository(entity)
    .createQueryBuilder('row')
    .setLock(share ? 'pessimistic_read' : 'pessimistic_write')
    .where('row.id = :id', { id })
    .getOne();
}
