import type { DataSource } from 'typeorm';
import { MatchRun } from './match-run.entity.ts';
import { MatchRunStatus } from './matching.enums.ts';

/**
 * A run's progress as a stream: each change of status or progress, ending when the run ends.
 * It reads the run's row, so any API process can follow a run that another process solves.
 */
export async function* watchRun(dataSource: DataSource, runId: string, intervalMs = 300): AsyncGenerator<MatchRun> {
  let last = '';
  for (;;) {
    const run = await dataSource.manager.findOneBy(MatchRun, { id: runId });
    if (!run) return;
    const state = `${run.status}|${run.progress}|${run.progressMessage}`;
    if (state !== last) {
      last = state;
      yield run;
    }
    if (run.status === MatchRunStatus.SUCCEEDED || run.status === MatchRunStatus.FAILED) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
