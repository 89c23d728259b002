import { parentPort } from 'node:worker_threads';
import { solveModel, type SolveRequest } from './solve-model.ts';
import { loadHighsSolver } from './solve-highs.ts';

/** Solves models sent by the main thread, one at a time, with this thread's own HiGHS. */
const highs = await loadHighsSolver();
parentPort!.on('message', (request: SolveRequest & { id: number }) => {
  try {
    const result = solveModel(request, highs);
    parentPort!.postMessage({ id: request.id, result }, [
      result.values.buffer as ArrayBuffer,
      result.relaxed.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: (error as Error).message });
  }
});
parentPort!.postMessage({ ready: true });
