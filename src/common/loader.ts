import DataLoader from 'dataloader';
import { In, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

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

/** One SELECT … WHERE id IN (…) per batch; results in key order, undefined where missing. */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(
  waves: BatchWaves,
  em: () => EntityManager,
  entity: EntityTarget<T>,
): DataLoader<string, T | undefined> {
  return batchLoader(waves, async (ids) => {
    const rows = await em()
      .getRepository(entity)
      .findBy({ id: In([...ids]) } as never);
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
