import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { createDataSource } from '../../db/data-source.ts';
import { executeRun } from './match-run.service.ts';
import { createEventBus } from '../event-handlers.ts';
import { closeSolverPool } from '../../matching/engine.ts';

/**
 * A thread that solves match runs one after another, with its own connection pool, so that the
 * event loop of the process that owns it (an API process that is also its own worker) stays
 * free. It stays up between runs: the next run starts warm (modules loaded, HiGHS compiled,
 * solver threads running).
 */
export interface RunRequest {
  runId: string;
  leaseMs: number;
}
export type RunReply =
  | { runId: string; done: true; error?: string }
  | { runId: string; fraction: number; message: string }
  | { warning: string };

const { url } = workerData as { url: string };
const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'huzhu-match' });
await dataSource.initialize();
const port = parentPort!;
const bus = createEventBus((message) => port.postMessage({ warning: message } satisfies RunReply));
let chain = Promise.resolve();
port.on('message', (request: RunRequest | 'close') => {
  if (request === 'close') {
    chain = chain.then(async () => {
      await closeSolverPool();
      await dataSource.destroy();
      port.close();
    });
    return;
  }
  chain = chain.then(async () => {
    try {
      await executeRun(dataSource, request.runId, {
        bus,
        progress: (fraction, message) =>
          port.postMessage({ runId: request.runId, fraction, message } satisfies RunReply),
        leaseMs: request.leaseMs,
      });
      port.postMessage({ runId: request.runId, done: true } satisfies RunReply);
    } catch (error) {
      // executeRun recorded the failure on the run; the owner hears of it too.
      port.postMessage({ runId: request.runId, done: true, error: (error as Error).message } satisfies RunReply);
    }
  });
});
