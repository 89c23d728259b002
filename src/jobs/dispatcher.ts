import pg from 'pg';

export interface Dispatcher {
  /** Runs `work` now, or once more after the pass in hand (passes never overlap). */
  dispatch(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A dispatcher woken by NOTIFY on `channel` (one LISTEN connection of its own), with a poll
 * every `pollMs` as a backstop for a lost connection or notification. A pass that fails is
 * reported and the next wake-up tries again.
 */
export async function startDispatcher(options: {
  url: string;
  channel: string;
  applicationName: string;
  pollMs: number;
  work: () => Promise<void>;
  onError: (error: Error) => void;
}): Promise<Dispatcher> {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const dispatch = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await options.work();
        } catch (error) {
          options.onError(error as Error);
        }
      } while (again && !stopped);
    })().finally(() => (running = undefined));
    return running;
  };
  const listener = new pg.Client({ connectionString: options.url, application_name: options.applicationName });
  listener.on('notification', () => void dispatch());
  listener.on('error', () => {
    /* the poll keeps dispatching */
  });
  await listener.connect();
  await listener.query(`LISTEN ${options.channel}`);
  const poll = setInterval(() => void dispatch(), options.pollMs);
  poll.unref();
  return {
    dispatch,
    async stop() {
      stopped = true;
      clearInterval(poll);
      await running;
      await listener.end().catch(() => {});
    },
  };
}
