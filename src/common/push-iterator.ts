/**
 * An async iterator fed by pushes (a subscription's events), written by hand rather than as a
 * generator so that a client that leaves while nothing is happening is let go at once: `return()`
 * resolves a pending `next()` as done. `onFinish` runs once, however it ends.
 */
export interface PushIterator<T> {
  push(value: T): void;
  end(): void;
  iterator: AsyncIterableIterator<T>;
}

export function pushIterator<T>(onFinish: () => void, stopped: () => boolean = () => false): PushIterator<T> {
  const queue: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let done = false;
  const finish = (): IteratorResult<T> => {
    if (!done) onFinish();
    done = true;
    const resolve = waiting;
    waiting = undefined;
    resolve?.({ value: undefined, done: true });
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
      if (done || stopped()) return Promise.resolve(finish());
      return new Promise((resolve) => (waiting = resolve));
    },
    return: () => Promise.resolve(finish()),
    throw: (error) => {
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return {
    push(value) {
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value, done: false });
      } else queue.push(value);
    },
    end: () => void finish(),
    iterator,
  };
}
