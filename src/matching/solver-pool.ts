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

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  /** The request this thread is solving, if any. */
  current: number | undefined;
}

/**
 * Solves independent components in parallel: one worker thread per core, each with its own
 * HiGHS. Small models stay on the calling thread. Results do not depend on which thread
 * solved what, so the output is the same whatever the machine. A thread that dies (an uncaught
 * error, out of memory) fails the solve it was doing with the reason — so its run fails visibly
 * rather than staying RUNNING — and is replaced, so the pool keeps working.
 */
export class SolverPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly queue: (SolveRequest & { id: number })[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly highs: Highs,
    size = Math.max(1, Math.min(os.availableParallelism(), 4)),
  ) {
    for (let i = 0; i < size; i += 1) this.slots.push(this.startThread());
  }

  private startThread(): Slot {
    const worker = new Worker(new URL('./solve-worker.mjs', import.meta.url));
    const ready = new Promise<void>((resolve) => worker.once('message', () => resolve()));
    const slot: Slot = { worker, ready, current: undefined };
    worker.on('message', (message: { id?: number; result?: SolveResult; error?: string }) => {
      if (message.id === undefined) return;
      const entry = this.pending.get(message.id);
      this.pending.delete(message.id);
      slot.current = undefined;
      // An idle pool must not keep the process alive; a busy one must.
      slot.worker.unref();
      if (message.error) entry?.reject(new Error(message.error));
      else entry?.resolve(message.result!);
      this.pump();
    });
    worker.on('error', (error) => this.lose(slot, `the solver thread failed: ${error.message}`));
    worker.on('exit', (code) => this.lose(slot, `the solver thread exited with code ${code}`));
    worker.unref();
    return slot;
  }

  /** A thread is gone: fail what it was solving, and start another in its place. */
  private lose(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    if (slot.current !== undefined) {
      this.pending.get(slot.current)?.reject(new Error(reason));
      this.pending.delete(slot.current);
      slot.current = undefined;
    }
    if (this.closed) return;
    void slot.worker.terminate();
    this.slots[index] = this.startThread();
    this.pump();
  }

  solve(request: SolveRequest): Promise<SolveResult> {
    if (this.closed) return Promise.reject(new Error('the solver pool is closed'));
    if (request.model.variables.length < SMALL_MODEL) return Promise.resolve(solveModel(request, this.highs));
    const id = this.nextId++;
    return new Promise<SolveResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.queue.push({ ...request, id });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.current !== undefined || this.queue.length === 0) continue;
      const request = this.queue.shift()!;
      slot.current = request.id;
      slot.worker.ref();
      void slot.ready.then(() => slot.worker.postMessage(request));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const [id, entry] of this.pending) {
      entry.reject(new Error('the solver pool was closed'));
      this.pending.delete(id);
    }
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
