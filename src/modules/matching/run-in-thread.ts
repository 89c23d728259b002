import { Worker } from 'node:worker_threads';

/** Starts a run on a worker thread; resolves when the thread ends (the run records its own outcome). */
export function runInThread(databaseUrl: string, runId: string, onProgress?: (fraction: number, message: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./run-thread.mjs', import.meta.url), { workerData: { url: databaseUrl, runId } });
    worker.on('message', (m: { fraction: number; message: string }) => onProgress?.(m.fraction, m.message));
    worker.on('error', () => resolve());
    worker.on('exit', () => resolve());
  });
}
