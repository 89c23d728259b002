import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Context } from '../../context.ts';
import { Role } from '../../auth/role.ts';
import { forbidden } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { today } from '../../common/time.ts';
import { DEFAULT_RUN_LEASE_SECONDS } from '../../config.ts';
import { runMatching } from '../../matching/engine.ts';
import type { MatchInput, MatchResult } from '../../matching/types.ts';
import { Region } from '../region/region.entity.ts';
import { RegionKind } from '../region/region.enums.ts';
import { canReadRegion } from '../region/region.service.ts';
import { loadMatchInput } from './match-input.ts';
import { claimsElsewhere, loadPending, reservePendingElsewhere } from './match-pending.ts';
import { loadComponent } from './focused-run.ts';
import { MatchRun } from './match-run.entity.ts';
import { MatchRunStatus, ProposalStatus } from './matching.enums.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { givenFields } from '../../common/mutation-input.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import type { StartMatchRunInput } from './matching.inputs.ts';
import { createRun } from './run-queue.ts';
import { digestOf } from '../../common/canonical-json.ts';
import type { DomainEvent } from '../../events/domain-event.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { createEventBus } from '../event-handlers.ts';
import { slices } from '../../db/batch.ts';
import { markNeedsProposed, setEscalations } from '../need/need.service.ts';
import { UNMET_STATUSES } from '../need/need.enums.ts';
import { AssignmentStatus } from '../assignment/assignment.enums.ts';

/** Who may start runs: coordinators for their own region, officials and ADMIN. */
export const RUN_ROLES = [Role.ADMIN, Role.COUNTY_OFFICIAL, Role.COORDINATOR];

export type Progress = (fraction: number, message: string) => void;

const DEFAULT_LEASE_MS = DEFAULT_RUN_LEASE_SECONDS * 1000;

export { createRun } from './run-queue.ts';

/**
 * "Busy" means a live (non-dry) run of the whole region whose lease has not lapsed. Focused runs
 * neither make a region busy nor wait for it: runs of a county save one at a time, and a later
 * save supersedes an earlier one's pending proposals for the same needs.
 */
export async function regionBusy(em: EntityManager, regionId: string): Promise<boolean> {
  const rows: unknown[] = await em.query(
    `SELECT 1 FROM match_run WHERE region_id = $1 AND status IN ('QUEUED', 'RUNNING') AND NOT dry_run AND focus_need_id IS NULL
        AND lease_until > now() LIMIT 1`,
    [regionId],
  );
  return rows.length > 0;
}

/**
 * Runs whose lease lapsed — their process died (kill -9, a crash, a lost machine) — are failed
 * with the reason, so that they neither block their region nor look alive. Called when an API
 * process starts and every minute by the workers. Returns the ids it failed.
 */
export async function failLapsedRuns(em: EntityManager): Promise<string[]> {
  const rows: { id: string }[] = await em.query(
    `WITH failed AS (
       UPDATE match_run SET status = '${MatchRunStatus.FAILED}', finished_at = now(),
              error = 'abandoned: its lease lapsed at ' || to_char(lease_until AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') || ' (Asia/Shanghai); ' ||
                      CASE WHEN status = '${MatchRunStatus.QUEUED}' THEN 'no worker started it (is a huzhu worker, or huzhu start, running?)'
                           ELSE 'the process running it stopped' END
        WHERE status IN ('${MatchRunStatus.QUEUED}', '${MatchRunStatus.RUNNING}') AND lease_until < now()
        RETURNING id)
     SELECT id FROM failed`,
  );
  return rows.map((row) => row.id);
}

/** Renews a run's lease while it works; stops renewing when the run ends or the lease was lost. */
function holdLease(dataSource: DataSource, runId: string, leaseMs: number): () => void {
  const renew = () =>
    dataSource
      .query(
        `UPDATE match_run SET lease_until = now() + $2 * interval '1 millisecond' WHERE id = $1 AND status = 'RUNNING'`,
        [runId, leaseMs],
      )
      .catch(() => {
        /* the next renewal tries again; a lapsed lease fails the run visibly */
      });
  const timer = setInterval(renew, Math.max(500, Math.floor(leaseMs / 4)));
  return () => clearInterval(timer);
}

/**
 * The region a run may cover: a county, township or village inside the viewer's writable scope.
 * An id naming nothing the viewer may read is a NOT_FOUND on `regionId`; a readable region the
 * viewer may not run is a top-level FORBIDDEN (README, "One rule for writes").
 */
async function runRegion(ctx: Context, globalId: string, problems: Problems): Promise<Region | undefined> {
  ctx.viewer.assertRole(RUN_ROLES);
  const id = idOfType(globalId, 'Region');
  const region = id ? await ctx.loaders.region.load(id) : undefined;
  if (!region || !(await canReadRegion(ctx, region))) {
    problems.add('regionId', UserErrorCode.NOT_FOUND, 'No region with this id in your scope');
    return undefined;
  }
  if (!ctx.viewer.canWrite(region.path)) throw forbidden('You cannot run the matching for this region');
  if (region.kind === RegionKind.GROUP) throw forbidden('Runs cover a village, township or county, not a single group');
  return region;
}

/** Another run promised a helper this run counted on while it was solving: the run solves again. */
class CapacityMoved extends Error {}

/** How often a run re-solves after capacity moved under it before it gives up (each time someone else saved first). */
const SAVE_ATTEMPTS = 4;

/**
 * Runs of one county save one at a time, and each checks, before it writes, that the helpers it
 * proposes still have the room it assumed: pending proposals saved meanwhile by another run (a
 * neighbouring township's, sharing a charity home) or assignments confirmed meanwhile may have
 * taken it. Returns the helpers that no longer fit (none: save).
 */
async function capacityMoved(em: EntityManager, input: MatchInput, result: MatchResult): Promise<string[]> {
  const helperById = new Map(input.helpers.map((helper) => [helper.id, helper]));
  const needById = new Map(input.needs.map((need) => [need.id, need]));
  const use = new Map<string, { minutes: number; elders: Set<string> }>();
  for (const proposal of result.proposals) {
    const need = needById.get(proposal.needId)!;
    let entry = use.get(proposal.helperId);
    if (!entry) use.set(proposal.helperId, (entry = { minutes: 0, elders: new Set() }));
    entry.minutes += need.weeklyMinutes;
    if (!need.currentHelperIds.includes(proposal.helperId)) entry.elders.add(need.elderId);
  }
  const helperIds = [...use.keys()];
  if (helperIds.length === 0) return [];
  const committed: { helper_id: string; minutes: number; elders: number }[] = await em.query(
    `SELECT helper_id, sum(weekly_minutes)::int AS minutes, count(DISTINCT elder_id)::int AS elders
       FROM assignment WHERE status = '${AssignmentStatus.ACTIVE}' AND helper_id = ANY($1) GROUP BY helper_id`,
    [helperIds],
  );
  const now = new Map(helperIds.map((id) => [id, { minutes: 0, elders: 0 }]));
  for (const row of committed) now.set(row.helper_id, { minutes: row.minutes, elders: row.elders });
  const inside = new Set(input.needs.map((need) => need.id));
  for (const [id, claim] of claimsElsewhere(await loadPending(em, helperIds), inside)) {
    const load = now.get(id)!;
    load.minutes += claim.minutes;
    load.elders += claim.elders;
  }
  return helperIds.filter((id) => {
    const helper = helperById.get(id)!;
    const load = now.get(id)!;
    const taken = use.get(id)!;
    const minutesWorse = load.minutes > helper.committedMinutes;
    const eldersWorse = load.elders > helper.committedElders;
    return (
      (minutesWorse && load.minutes + taken.minutes > helper.weeklyMinutes) ||
      (eldersWorse && load.elders + taken.elders.size > helper.maxElders)
    );
  });
}

/** Writes a finished run in one transaction: a run killed midway leaves no half-written proposals. */
async function saveResult(
  dataSource: DataSource,
  bus: EventBus,
  run: MatchRun,
  input: MatchInput,
  result: MatchResult,
  needRegion: Map<string, string>,
): Promise<void> {
  await dataSource.transaction(async (em) => {
    const needIds = input.needs.map((n) => n.id);
    if (!run.dryRun) {
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('huzhu:match-save:' || $1, 0))`, [run.countyId]);
      const moved = await capacityMoved(em, input, result);
      if (moved.length > 0)
        throw new CapacityMoved(`${moved.length} helper(s) were promised elsewhere while this run was solving`);
      // Pending proposals of earlier runs for these needs give way to the new ones.
      await em.query(
        `UPDATE match_proposal SET status = '${ProposalStatus.SUPERSEDED}' WHERE status = '${ProposalStatus.PROPOSED}' AND need_id = ANY($1) AND run_id <> $2`,
        [needIds, run.id],
      );
    }
    const helpers = new Map(input.helpers.map((h) => [h.id, h]));
    const proposals = result.proposals.map((p) => ({
      id: crypto.randomUUID(),
      run_id: run.id,
      county_id: run.countyId,
      region_id: needRegion.get(p.needId)!,
      need_id: p.needId,
      helper_id: p.helperId,
      tier: p.tier,
      cost: p.cost,
      runners_up: p.runnersUp,
      safety_net: p.safetyNet,
      elder_choice: p.preferred ?? false,
      outside_hours: p.outsideHours ?? false,
      // The helper's record as the run weighed it, so that the explanation says what counted then.
      helper_record: { record: helpers.get(p.helperId)?.reliability ?? null },
    }));
    for (const slice of slices(proposals)) {
      await em.query(
        `INSERT INTO match_proposal (id, run_id, county_id, region_id, need_id, helper_id, tier, cost, runners_up, safety_net, elder_choice, outside_hours, helper_record)
         SELECT id, run_id, county_id, region_id, need_id, helper_id, tier, cost, runners_up, safety_net, elder_choice, outside_hours, helper_record
           FROM json_populate_recordset(NULL::match_proposal, $1::json)`,
        [JSON.stringify(slice)],
      );
    }
    const unmet = result.unmet.map((u) => ({
      run_id: run.id,
      need_id: u.needId,
      region_id: needRegion.get(u.needId)!,
      missing: u.missing,
      reason: u.reason,
      escalation: u.escalation,
    }));
    for (const slice of slices(unmet)) {
      await em.query(`INSERT INTO match_unmet SELECT * FROM json_populate_recordset(NULL::match_unmet, $1::json)`, [
        JSON.stringify(slice),
      ]);
    }
    if (!run.dryRun) {
      await markNeedsProposed(em, [...new Set(result.proposals.map((p) => p.needId))], `run:${run.id}`);
      await setEscalations(em, needIds, result.unmet);
      await bus.beforeCommit(
        em,
        needIds.map((needId): DomainEvent => ({ type: 'NeedChanged', needId })),
      );
    }
    // Only a run that still holds its lease may succeed: if it was failed as abandoned meanwhile
    // (its lease lapsed), nothing it computed is kept.
    const finished = await em
      .createQueryBuilder()
      .update(MatchRun)
      .set({
        status: MatchRunStatus.SUCCEEDED,
        progress: 1,
        progressMessage: 'done',
        metrics: result.metrics,
        finishedAt: new Date(),
      })
      .where('id = :id AND status = :running', { id: run.id, running: MatchRunStatus.RUNNING })
      .execute();
    if (finished.affected !== 1) throw new Error('the run lost its lease before it could be saved');
  });
}

/**
 * Runs one queued run to the end: load the region, solve, write. The engine blocks its thread,
 * so callers run this in a CLI process, a worker process or a worker thread, never inside a request.
 */
export interface RunOptions {
  /** Where the run's changes to needs are announced (the charities' feed listens); the process's handlers by default. */
  bus?: EventBus;
  progress?: Progress;
  leaseMs?: number;
  /** The day the run is as of (records, ages, waiting days); default: today in China. */
  today?: string;
}

export async function executeRun(dataSource: DataSource, runId: string, options: RunOptions = {}): Promise<MatchRun> {
  const { progress = () => {}, leaseMs = DEFAULT_LEASE_MS } = options;
  const bus = options.bus ?? createEventBus((message) => progress(1, message));
  const run = await dataSource.manager.findOneByOrFail(MatchRun, { id: runId });
  const region = await dataSource.manager.findOneByOrFail(Region, { id: run.regionId });
  // A focused run looks at the township around its need, as the nightly run does, so that the
  // need's component (which may cross villages through kin) is the nightly run's component.
  const scope =
    run.focusNeedId && region.kind !== RegionKind.COUNTY && region.kind !== RegionKind.TOWNSHIP
      ? await dataSource.manager.findOneByOrFail(Region, { id: region.path[1] })
      : region;
  const report = async (fraction: number, message: string) => {
    progress(fraction, message);
    await dataSource.manager.update(MatchRun, { id: runId }, { progress: fraction, progressMessage: message });
  };
  // Claim the run: only a run still QUEUED starts (one that was failed as abandoned meanwhile
  // stays failed). A slow start (a busy machine starting the run's thread) renews the lease here.
  const claimed: unknown[] = await dataSource.query(
    `WITH claimed AS (UPDATE match_run SET status = 'RUNNING', started_at = now(), lease_until = now() + $2 * interval '1 millisecond'
                       WHERE id = $1 AND status = 'QUEUED' RETURNING id)
     SELECT id FROM claimed`,
    [runId, leaseMs],
  );
  if (claimed.length === 0)
    throw new Error(`run ${runId} is no longer queued (failed as abandoned?); it was not started`);
  const releaseLease = holdLease(dataSource, runId, leaseMs);
  try {
    for (let attempt = 1; ; attempt += 1) {
      await report(0.05, `loading ${scope.name}`);
      const { loaded, cut } = run.focusNeedId
        ? await loadComponent(dataSource.manager, scope, run.focusNeedId)
        : await loadMatchInput(dataSource.manager, scope, options.today ?? today()).then((whole) => ({
            loaded: whole,
            cut: whole.input,
          }));
      const { needRegion } = loaded;
      const input = reservePendingElsewhere(cut, loaded.pending);
      // The same digest means the same input, so the same proposals.
      const inputHash = digestOf(input);
      await dataSource.manager.update(MatchRun, { id: runId }, { policy: input.policy, inputHash });
      await report(0.3, `solving: ${input.needs.length} needs, ${input.helpers.length} helpers`);
      const result = await runMatching(input);
      await report(0.9, `writing ${result.proposals.length} proposals`);
      try {
        await saveResult(dataSource, bus, run, input, result, needRegion);
        break;
      } catch (error) {
        if (!(error instanceof CapacityMoved) || attempt >= SAVE_ATTEMPTS) throw error;
        progress(0.9, `${error.message}: solving again`);
      }
    }
    progress(1, 'done');
  } catch (error) {
    await dataSource.manager.update(
      MatchRun,
      { id: runId, status: MatchRunStatus.RUNNING },
      { status: MatchRunStatus.FAILED, error: (error as Error).message.slice(0, 500), finishedAt: new Date() },
    );
    throw error;
  } finally {
    releaseLease();
  }
  return dataSource.manager.findOneByOrFail(MatchRun, { id: runId });
}

/**
 * Queues a run for a region in the viewer's scope (refused while a live run holds the region)
 * for a worker: the API process never solves, so a request cannot block it and a process that
 * dies after answering loses no run. With no worker running, the run's lease lapses and it is
 * failed with a reason that says so.
 */
export async function startMatchRun(ctx: Context, input: StartMatchRunInput): Promise<MutationResult<MatchRun>> {
  const leaseMs = ctx.config.runLeaseMs;
  return runMutation(ctx, {
    action: 'startMatchRun',
    input,
    roles: RUN_ROLES,
    reload: (id) => ctx.em.findOneBy(MatchRun, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const region = await runRegion(ctx, input.regionId, problems);
      if (!region) return undefined;
      let focusNeedId: string | null = null;
      if (input.needId) {
        const id = idOfType(input.needId, 'Need');
        const need = id ? await ctx.loaders.need.load(id) : undefined;
        const needRegion = need ? await ctx.loaders.region.load(need.regionId) : undefined;
        if (!need || !needRegion || !needRegion.path.includes(region.id)) {
          problems.add('needId', UserErrorCode.NOT_FOUND, 'No need with this id in the region');
          return undefined;
        }
        if (!UNMET_STATUSES.has(need.status)) {
          problems.add('needId', UserErrorCode.CONFLICT, `This need is ${need.status}: there is nothing to match`);
          return undefined;
        }
        focusNeedId = need.id;
      }
      if (!input.dryRun && !focusNeedId && (await regionBusy(ctx.em, region.id))) {
        problems.add('regionId', UserErrorCode.CONFLICT, 'A run for this region is already queued or running');
        return undefined;
      }
      return async () => {
        const run = await createRun(ctx.em, region, input.dryRun, ctx.viewer.subject, leaseMs, focusNeedId, true);
        return {
          result: run,
          entityType: 'MatchRun',
          entityId: run.id,
          countyId: run.countyId,
          changedFields: givenFields(input, ['regionId', 'dryRun', 'needId']),
        };
      };
    },
  });
}
