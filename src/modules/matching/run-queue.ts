import type PgBoss from 'pg-boss';
import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_RUN_LEASE_SECONDS } from '../../config.ts';
import type { BeforeCommitHandler } from '../../events/event-bus.ts';
import { Region } from '../region/region.entity.ts';
import { RegionKind } from '../region/region.enums.ts';
import { MatchRun } from './match-run.entity.ts';
import { insertJobs } from '../../common/job-queue.ts';
import { MatchRunStatus } from './matching.enums.ts';

/**
 * Runs that an API process queues (a coordinator's run, the day-time run of a new need) are
 * executed by workers through pg-boss, never by the API process: a run row marked
 * `awaiting_job` and a NOTIFY commit with the request; a worker's dispatcher (woken by the
 * NOTIFY, with a poll as a backstop) gives each such run a job in one transaction with clearing
 * the mark. An API process that dies after its commit loses nothing: the next worker takes the run.
 */
export const RUN_QUEUE = 'matching-run';
export const RUN_CHANNEL = 'huzhu_match_runs';

export interface RunJob {
  runId: string;
}

/** Wakes the workers' dispatchers when the transaction commits (NOTIFY is delivered on commit). */
export async function announceQueuedRun(em: EntityManager): Promise<void> {
  await em.query('SELECT pg_notify($1, $2)', [RUN_CHANNEL, 'queued']);
}

/** Gives every run awaiting a job its pg-boss job; returns how many. One dispatcher per row at a time (SKIP LOCKED). */
export async function dispatchAwaitingRuns(dataSource: DataSource, boss: PgBoss): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await dataSource.transaction(async (em) => {
      const rows: { id: string; status: MatchRunStatus }[] = await em.query(
        `SELECT id, status FROM match_run WHERE awaiting_job ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      // A run failed meanwhile (its lease lapsed before any worker came) needs no job.
      const live = rows.filter((row) => row.status === MatchRunStatus.QUEUED);
      await insertJobs(
        em,
        boss,
        live.map((row) => ({ name: RUN_QUEUE, data: { runId: row.id } satisfies RunJob })),
      );
      await em.query('UPDATE match_run SET awaiting_job = false WHERE id = ANY($1)', [rows.map((row) => row.id)]);
      return rows.length;
    });
    if (count === 0) return total;
    total += count;
  }
}

const DEFAULT_LEASE_MS = DEFAULT_RUN_LEASE_SECONDS * 1000;

/** A queued run holds a lease too: whoever queued it must start it before the lease lapses. */
export async function createRun(
  em: EntityManager,
  region: Region,
  dryRun: boolean,
  requestedBy: string,
  leaseMs = DEFAULT_LEASE_MS,
  focusNeedId: string | null = null,
  forWorker = false,
): Promise<MatchRun> {
  const id = crypto.randomUUID();
  await em.query(
    `INSERT INTO match_run (id, county_id, region_id, dry_run, status, progress, requested_by, lease_until, focus_need_id, awaiting_job)
     VALUES ($1, $2, $3, $4, '${MatchRunStatus.QUEUED}', 0, $5, now() + $6 * interval '1 millisecond', $7, $8)`,
    [id, region.countyId, region.id, dryRun, requestedBy, leaseMs, focusNeedId, forWorker],
  );
  if (forWorker) await announceQueuedRun(em);
  return em.findOneByOrFail(MatchRun, { id });
}

/** Region of the day-time run for a need: its village (the run reads the township around it). */
async function villageOf(em: EntityManager, regionId: string): Promise<Region | null> {
  const region = await em.findOneBy(Region, { id: regionId });
  if (!region || region.kind !== RegionKind.GROUP) return region;
  return em.findOneBy(Region, { id: region.parentId! });
}

/**
 * Minutes, not nights: a need entered or reopened during the day gets a run of its own, focused
 * on the component it touches and queued for a worker in the same transaction as the need (a
 * before-commit handler, registered when HUZHU_AUTO_MATCH is on). A need whose focused run is
 * still waiting is not queued twice.
 */
export function queueFocusedRuns(leaseMs: number): BeforeCommitHandler {
  return async (em, events) => {
    const needIds = [...new Set(events.flatMap((event) => (event.type === 'NeedOpened' ? [event.needId] : [])))];
    if (needIds.length === 0) return;
    const rows: { id: string; region_id: string; waiting: boolean }[] = await em.query(
      `SELECT n.id, n.region_id,
              EXISTS (SELECT 1 FROM match_run r WHERE r.focus_need_id = n.id AND r.status = '${MatchRunStatus.QUEUED}') AS waiting
         FROM need n WHERE n.id = ANY($1) ORDER BY n.id`,
      [needIds],
    );
    for (const row of rows) {
      const village = row.waiting ? null : await villageOf(em, row.region_id);
      if (village) await createRun(em, village, false, `need:${row.id}`, leaseMs, row.id, true);
    }
  };
}
