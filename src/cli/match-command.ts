import type { DataSource } from 'typeorm';
import { idOfType } from '../common/global-id.ts';
import type { MatchMetrics } from '../matching/types.ts';
import { createRun, executeRun } from '../modules/matching/match-run.service.ts';
import { createEventBus } from '../modules/event-handlers.ts';
import { Region } from '../modules/region/region.entity.ts';
import { UsageError } from './usage.ts';

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

/** The summary a coordinator reads after a run: coverage, rings, load, and what is left. */
export function summarise(regionName: string, metrics: MatchMetrics, proposals: number, dryRun: boolean): string {
  const tiers = Object.entries(metrics.tierMix)
    .map(([tier, share]) => `${tier} ${percent(share)}`)
    .join(', ');
  const bands = Object.entries(metrics.coverageByBand)
    .map(([band, share]) => `${band} ${percent(share)}`)
    .join(', ');
  const unmet =
    Object.entries(metrics.unmetByReason)
      .map(([reason, count]) => `${reason} ${count}`)
      .join(', ') || 'none';
  return [
    `${dryRun ? 'Dry run' : 'Run'} for ${regionName}: ${proposals} proposals for ${metrics.needs} needs (${metrics.helpers} helpers considered)`,
    `  coverage   ${percent(metrics.coverage)} (by priority band: ${bands})`,
    `  rings      ${tiers}`,
    `  workload   busiest helper at ${percent(metrics.maxLoadShare)} of their week; Gini ${metrics.loadGini.toFixed(3)}`,
    `  unmet      ${unmet}`,
    `  solver     ${metrics.components} components, ${metrics.arcs} candidate arcs, ${metrics.solveMs} ms; objective ${metrics.objective.toFixed(2)}, LP bound ${metrics.lpBound.toFixed(2)}`,
  ].join('\n');
}

export async function matchCommand(
  dataSource: DataSource,
  regionRef: string | undefined,
  dryRun: boolean,
  say: (m: string) => void,
  leaseMs?: number,
): Promise<void> {
  if (!regionRef) throw new UsageError('match needs --region (a region code or id)');
  const id = idOfType(regionRef, 'Region');
  const region = id
    ? await dataSource.manager.findOneBy(Region, { id })
    : await dataSource.manager.findOneBy(Region, { code: regionRef });
  if (!region) throw new UsageError(`No region has the id or code "${regionRef}"`);
  if (region.kind === 'GROUP') throw new UsageError('Runs cover a village, township or county');
  const run = await createRun(dataSource.manager, region, dryRun, 'cli', leaseMs);
  const finished = await executeRun(dataSource, run.id, {
    bus: createEventBus(say),
    progress: (fraction, message) => say(`[${String(Math.round(fraction * 100)).padStart(3)} %] ${message}`),
    leaseMs,
  });
  const proposals: { n: number }[] = await dataSource.query(
    'SELECT count(*)::int AS n FROM match_proposal WHERE run_id = $1',
    [run.id],
  );
  process.stdout.write(
    `${summarise(region.name, finished.metrics!, proposals[0].n, dryRun)}\n  run id     ${finished.globalId}\n`,
  );
}
