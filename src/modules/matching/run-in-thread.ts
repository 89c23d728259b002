import { Worker } from 'node:worker_threads';
import { In, type DataSource } from 'typeorm';
import { MatchRun } from './match-run.entity.ts';
import { MatchRunStatus } from './matching.enums.ts';
import type { RunReply, RunRequest } from './run-thread-main.ts';

interface Waiting {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * One long-lived thread that solves this process's queued runs in turn (see run-thread-main.ts):
 * started on the first run, kept warm for the next. If it dies (an uncaught error, out of
 * memory), every run it held is rejected, and the next run starts a new thread.
 */
export class RunThread {
  private worker: Worker | undefined;
  private readonly waiting = new Map<string, Waiting>();

  constructor(
    private readonly databaseUrl: string,
    private readonly log: (message: string) => void,
  ) {}

  private start(): Worker {
    const worker = new Worker(new URL('./run-thread.mjs', import.meta.url), { workerData: { url: this.databaseUrl } });
    let failure: Error | undefined;
    worker.on('message', (reply: RunReply) => {
      if ('warning' in reply) return this.log(reply.warning);
      if (!('done' in reply)) return;
      const waiting = this.waiting.get(reply.runId);
      this.waiting.delete(reply.runId);
      if (reply.error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(reply.error));
    });
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      const error = failure ?? new Error(`the run thread exited with code ${code}`);
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
    });
    return worker;
  }

  /** Starts the thread now, so that the first run does not wait for it. */
  warm(): void {
    this.worker ??= this.start();
  }

  /** Resolves when the run succeeded; rejects when it failed or its thread died. */
  run(runId: string, leaseMs: number): Promise<void> {
    this.worker ??= this.start();
    const done = new Promise<void>((resolve, reject) => this.waiting.set(runId, { resolve, reject }));
    this.worker.postMessage({ runId, leaseMs } satisfies RunRequest);
    return done;
  }

  /** Lets the thread finish the run in hand, then stops it. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('close');
    await exited;
  }
}

/**
 * A queued run, solved on the thread. If the thread died, the run is failed with the reason (a
 * run that failed by itself has recorded why); if the whole process dies, its lease lapses and
 * it is failed as abandoned.
 */
export async function executeRunOnThread(
  thread: RunThread,
  dataSource: DataSource,
  runId: string,
  leaseMs: number,
  log: (message: string) => void,
): Promise<void> {
  try {
    await thread.run(runId, leaseMs);
  } catch (error) {
    const message = (error as Error).message;
    log(`match run ${runId} failed: ${message.slice(0, 200)}`);
    await dataSource.manager
      .update(
        MatchRun,
        { id: runId, status: In([MatchRunStatus.QUEUED, MatchRunStatus.RUNNING]) },
        {
          status: MatchRunStatus.FAILED,
          error: `the run thread failed: ${message}`.slice(0, 500),
          finishedAt: new Date(),
        },
      )
      .catch((failure: Error) => log(`could not mark run ${runId} failed (${failure.message}); its lease will lapse`));
    throw error;
  }
}
