import DataLoader from 'dataloader';
import { In, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

/** One SELECT … WHERE id IN (…) per batch; results in key order, undefined where missing. */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(
  em: () => EntityManager,
  entity: EntityTarget<T>,
): DataLoader<string, T | undefined> {
  return new DataLoader(async (ids) => {
    const rows = await em().getRepository(entity).findBy({ id: In([...ids]) } as never);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id));
  });
}

/** Groups rows under their key, in key order; keys with no rows get an empty list. */
export function groupInKeyOrder<K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(row);
  }
  return keys.map((key) => groups.get(key) ?? []);
}
