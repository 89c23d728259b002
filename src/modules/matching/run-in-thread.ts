import { Worker } from 'node:worker_threads';

/**
 * Runs a match run on a worker thread. Resolves when the thread has finished the run (the run
 * records its own outcome, success or failure); rejects if the thread itself died — an uncaught
 * error, running out of memory, a non-zero exit — so the caller can fail the run and say why.
 */
export function runInThread(
  databaseUrl: string,
  runId: string,
  leaseMs: number,
  onProgress?: (fraction: number, message: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./run-thread.mjs', import.meta.url), {
      workerData: { url: databaseUrl, runId, leaseMs },
    });
    let failure: Error | undefined;
    worker.on('message', (m: { fraction: number; message: string }) => onProgress?.(m.fraction, m.message));
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => {
      if (failure) reject(failure);
      else if (code !== 0) reject(new Error(`the run thread exited with code ${code}`));
      else resolve();
    });
  });
}
