import DataLoader from 'dataloader';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { selectEntities } from '../db/hydrate.ts';

/**
 * Dispatches a request's loader batches in waves: a batch waits until no batch of the same
 * request is still at the database. Everything the previous wave's results ask for then goes
 * out together, so the number of statements depends on the shape of the query, never on how
 * many rows it returns or on the order in which answers happen to arrive.
 */
export class BatchWaves {
  private inFlight = 0;
  private queue: (() => void)[] = [];
  private scheduled = false;

  readonly schedule = (dispatch: () => void): void => {
    this.queue.push(dispatch);
    this.kick();
  };

  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight += 1;
    return work.finally(() => {
      this.inFlight -= 1;
      this.kick();
    });
  }

  private kick(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    // setImmediate runs after every pending promise callback, so all loads that the finished
    // batch's results trigger have been queued by then.
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight > 0) return;
      const ready = this.queue;
      this.queue = [];
      for (const dispatch of ready) dispatch();
    });
  }
}

/** A DataLoader whose batches go out in the request's waves. */
export function batchLoader<K, V>(waves: BatchWaves, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
  return new DataLoader<K, V>((keys) => waves.track(batch(keys)), { batchScheduleFn: waves.schedule });
}

/** One SELECT … WHERE id = ANY(…) per batch; results in key order, undefined where missing. */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(
  waves: BatchWaves,
  em: () => EntityManager,
  entity: EntityTarget<T>,
): DataLoader<string, T | undefined> {
  return batchLoader(waves, async (ids) => inKeyOrder(ids, await selectEntities(em(), entity, 'id = ANY($1)', [ids])));
}

/** Rows in the order of the ids asked for, undefined where no row has the id. */
export function inKeyOrder<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | undefined)[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id));
}

const processCaches = new WeakMap<DataSource, Map<string, Map<string, unknown>>>();

/** Forgets what `immutableByIdLoader` kept for this data source (tests measure cold requests). */
export function clearProcessCaches(dataSource: DataSource): void {
  processCaches.delete(dataSource);
}

/**
 * `byIdLoader` for rows that never change once committed (regions: created, never moved,
 * renamed or deleted): what one request read, the next gets from this process's memory, so a
 * region path check costs no statement. Rows read inside a transaction are not kept (it may
 * roll back). The cached entities are frozen: nobody may change what every request shares.
 */
export function immutableByIdLoader<T extends ObjectLiteral & { id: string }>(
  waves: BatchWaves,
  em: () => EntityManager,
  entity: EntityTarget<T>,
  name: string,
): DataLoader<string, T | undefined> {
  return batchLoader(waves, async (ids) => {
    const manager = em();
    let caches = processCaches.get(manager.connection);
    if (!caches) processCaches.set(manager.connection, (caches = new Map()));
    let cache = caches.get(name) as Map<string, T> | undefined;
    if (!cache) caches.set(name, (cache = new Map()));
    const missing = ids.filter((id) => !cache.has(id));
    if (missing.length > 0) {
      const keep = !manager.queryRunner?.isTransactionActive;
      const rows = await selectEntities(manager, entity, 'id = ANY($1)', [missing]);
      const fetched = new Map(rows.map((row) => [row.id, Object.freeze(row)]));
      if (keep) for (const [id, row] of fetched) cache.set(id, row);
      return ids.map((id) => cache.get(id) ?? fetched.get(id));
    }
    return ids.map((id) => cache.get(id));
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
