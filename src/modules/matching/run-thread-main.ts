import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { createDataSource } from '../../db/data-source.ts';
import { executeRun } from './match-run.service.ts';
import { createEventBus } from '../event-handlers.ts';

/** Runs one match run on its own thread and connection pool, so the API's event loop stays free. */
const { url, runId, leaseMs } = workerData as { url: string; runId: string; leaseMs: number };
const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'huzhu-match' });
await dataSource.initialize();
try {
  await executeRun(dataSource, runId, {
    bus: createEventBus((message) => parentPort?.postMessage({ error: message })),
    progress: (fraction, message) => parentPort?.postMessage({ fraction, message }),
    leaseMs,
  });
} catch {
  // executeRun has recorded the failure on the run.
} finally {
  await dataSource.destroy();
}
