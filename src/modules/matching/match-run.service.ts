import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Context } from '../../context.ts';
import { Role } from '../../auth/role.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { today } from '../../common/time.ts';
import { runMatching } from '../../matching/engine.ts';
import type { MatchInput, MatchResult } from '../../matching/types.ts';
import { Region } from '../region/region.entity.ts';
import { RegionKind } from '../region/region.enums.ts';
import { loadMatchInput } from './match-input.ts';
import { MatchRun, MatchRunStatus } from './match-run.entity.ts';
import { publishNeedChanges } from '../public-need/public-need.publish.ts';

/** Who may start runs: coordinators for their own region, officials and ADMIN. */
export const RUN_ROLES = [Role.ADMIN, Role.COUNTY_OFFICIAL, Role.COORDINATOR];

export type Progress = (fraction: number, message: string) => void;

/** A stable digest of the engine's input: the same digest means the same proposals. */
export function hashInput(input: MatchInput): string {
  return crypto.createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

export async function createRun(em: EntityManager, region: Region, dryRun: boolean, requestedBy: string): Promise<MatchRun> {
  const id = crypto.randomUUID();
  await em.insert(MatchRun, { id, countyId: region.countyId, regionId: region.id, dryRun, status: MatchRunStatus.QUEUED, progress: 0, requestedBy });
  return em.findOneByOrFail(MatchRun, { id });
}

/** The region a run may cover: a county, township or village inside the viewer's writable scope. */
export async function requireRunRegion(ctx: Context, globalId: string): Promise<Region> {
  ctx.viewer.assertRole(RUN_ROLES);
  const id = idOfType(globalId, 'Region');
  const region = id ? await ctx.loaders.region.load(id) : undefined;
  if (!region) throw notFound('No region has this id');
  if (!ctx.viewer.canWrite(region.path)) throw forbidden('You cannot run the matching for this region');
  if (region.kind === RegionKind.GROUP) throw forbidden('Runs cover a village, township or county, not a single group');
  return region;
}

/** Writes a finished run in one transaction: a run killed midway leaves no half-written proposals. */
async function saveResult(dataSource: DataSource, run: MatchRun, input: MatchInput, result: MatchResult, needRegion: Map<string, string>): Promise<void> {
  await dataSource.transaction(async (em) => {
    const needIds = input.needs.map((n) => n.id);
    if (!run.dryRun) {
      // Pending proposals of earlier runs for these needs give way to the new ones.
      await em.query(`UPDATE match_proposal SET status = 'SUPERSEDED' WHERE status = 'PROPOSED' AND need_id = ANY($1) AND run_id <> $2`, [needIds, run.id]);
    }
    const proposals = result.proposals.map((p) => ({
      id: crypto.randomUUID(), run_id: run.id, county_id: run.countyId, region_id: needRegion.get(p.needId)!, need_id: p.needId, helper_id: p.helperId,
      tier: p.tier, cost: p.cost, runners_up: p.runnersUp, safety_net: p.safetyNet,
    }));
    for (let i = 0; i < proposals.length; i += 5000) {
      await em.query(
        `INSERT INTO match_proposal (id, run_id, county_id, region_id, need_id, helper_id, tier, cost, runners_up, safety_net)
         SELECT id, run_id, county_id, region_id, need_id, helper_id, tier, cost, runners_up, safety_net FROM json_populate_recordset(NULL::match_proposal, $1::json)`,
        [JSON.stringify(proposals.slice(i, i + 5000))]);
    }
    const unmet = result.unmet.map((u) => ({ run_id: run.id, need_id: u.needId, region_id: needRegion.get(u.needId)!, missing: u.missing, reason: u.reason, escalation: u.escalation }));
    for (let i = 0; i < unmet.length; i += 5000) {
      await em.query(`INSERT INTO match_unmet SELECT * FROM json_populate_recordset(NULL::match_unmet, $1::json)`, [JSON.stringify(unmet.slice(i, i + 5000))]);
    }
    if (!run.dryRun) {
      const proposed = [...new Set(result.proposals.map((p) => p.needId))];
      await em.query(
        `WITH moved AS (UPDATE need SET status = 'PROPOSED', status_changed_at = now(), status_reason = 'match run'
                         WHERE id = ANY($1) AND status = 'OPEN' RETURNING id)
         INSERT INTO need_status_change (need_id, from_status, to_status, reason, actor) SELECT id, 'OPEN', 'PROPOSED', 'match run', $2 FROM moved`,
        [proposed, `run:${run.id}`]);
      // What the safety net made of each need, for the public feed's `escalated`.
      await em.query('UPDATE need SET escalation = NULL WHERE id = ANY($1) AND escalation IS NOT NULL', [needIds]);
      await em.query(
        `UPDATE need n SET escalation = u.escalation FROM json_to_recordset($1::json) AS u(need_id uuid, escalation text) WHERE n.id = u.need_id`,
        [JSON.stringify(result.unmet.map((u) => ({ need_id: u.needId, escalation: u.escalation })))]);
      await publishNeedChanges(em, needIds);
    }
    await em.update(MatchRun, { id: run.id }, { status: MatchRunStatus.SUCCEEDED, progress: 1, progressMessage: 'done', metrics: result.metrics, finishedAt: new Date() });
  });
}

/**
 * Runs one queued run to the end: load the region, solve, write. The engine blocks its thread,
 * so callers run this in a CLI process, a worker process or a worker thread, never inside a request.
 */
export async function executeRun(dataSource: DataSource, runId: string, progress: Progress = () => {}): Promise<MatchRun> {
  const run = await dataSource.manager.findOneByOrFail(MatchRun, { id: runId });
  const region = await dataSource.manager.findOneByOrFail(Region, { id: run.regionId });
  const report = async (fraction: number, message: string) => {
    progress(fraction, message);
    await dataSource.manager.update(MatchRun, { id: runId }, { progress: fraction, progressMessage: message });
  };
  try {
    await dataSource.manager.update(MatchRun, { id: runId }, { status: MatchRunStatus.RUNNING, startedAt: new Date() });
    await report(0.05, `loading ${region.name}`);
    const { input, needRegion } = await loadMatchInput(dataSource.manager, region, today());
    const inputHash = hashInput(input);
    await dataSource.manager.update(MatchRun, { id: runId }, { policy: input.policy, inputHash });
    await report(0.3, `solving: ${input.needs.length} needs, ${input.helpers.length} helpers`);
    const result = await runMatching(input);
    await report(0.9, `writing ${result.proposals.length} proposals`);
    await saveResult(dataSource, run, input, result, needRegion);
    progress(1, 'done');
  } catch (error) {
    await dataSource.manager.update(MatchRun, { id: runId }, { status: MatchRunStatus.FAILED, error: (error as Error).message.slice(0, 500), finishedAt: new Date() });
    throw error;
  }
  return dataSource.manager.findOneByOrFail(MatchRun, { id: runId });
}

