import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { solveModel, type SolveRequest, type SolveResult } from './solve-model.ts';
import type { Highs } from './solve-highs.ts';

/** Models with fewer variables than this are solved on the calling thread: messaging costs more. */
const SMALL_MODEL = 400;

interface Pending {
  resolve: (result: SolveResult) => void;
  reject: (error: Error) => void;
}

/**
 * Solves independent components in parallel: one worker thread per core, each with its own
 * HiGHS. Small models stay on the calling thread. Results do not depend on which thread
 * solved what, so the output is the same whatever the machine.
 */
export class SolverPool {
  private readonly workers: { worker: Worker; busy: boolean; ready: Promise<void> }[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly queue: { request: SolveRequest & { id: number } }[] = [];
  private nextId = 0;

  constructor(private readonly highs: Highs, size = Math.max(1, Math.min(os.availableParallelism(), 4))) {
    for (let i = 0; i < size; i += 1) {
      const worker = new Worker(new URL('./solve-worker.mjs', import.meta.url));
      const ready = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      const slot = { worker, busy: false, ready };
      worker.on('message', (message: { id?: number; result?: SolveResult; error?: string }) => {
        if (message.id === undefined) return;
        const entry = this.pending.get(message.id)!;
        this.pending.delete(message.id);
        slot.busy = false;
        // An idle pool must not keep the process alive; a busy one must.
        slot.worker.unref();
        if (message.error) entry.reject(new Error(message.error));
        else entry.resolve(message.result!);
        this.pump();
      });
      worker.unref();
      this.workers.push(slot);
    }
  }

  solve(request: SolveRequest): Promise<SolveResult> {
    if (request.model.variables.length < SMALL_MODEL) return Promise.resolve(solveModel(request, this.highs));
    const id = this.nextId++;
    return new Promise<SolveResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.queue.push({ request: { ...request, id } });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.workers) {
      if (slot.busy || this.queue.length === 0) continue;
      const { request } = this.queue.shift()!;
      slot.busy = true;
      slot.worker.ref();
      void slot.ready.then(() => slot.worker.postMessage(request));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((slot) => slot.worker.terminate()));
  }
}
