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
    bus: createEventBus((message) => parentPort?.postMessage({ warning: message })),
    progress: (fraction, message) => parentPort?.postMessage({ fraction, message }),
    leaseMs,
  });
} finally {
  await dataSource.destroy();
}
// A failure is thrown on: the thread ends with an error, and the process that started it logs it
// and fails the run if it is still QUEUED or RUNNING (executeRun records its own failures).
