import type PgBoss from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';
import { insertJobs } from '../../common/job-queue.ts';
import { ComplaintStatus } from './complaint.enums.ts';

/**
 * The 24-hour rule as a durable timer (issue #16). A complaint commits with `timer_awaiting_job`
 * and a NOTIFY; a worker's dispatcher gives it a pg-boss job that starts at its acknowledgement
 * deadline, inserted in one transaction with clearing the mark (as match runs are queued: an API
 * process holds no pg-boss of its own, and one that dies after its commit loses no timer). When
 * the job fires and the complaint is still RECEIVED, it is marked overdue, escalated to its
 * township (`escalated_to_region_id`, a step by `system:complaints`) and announced on
 * `huzhu_complaint_alert` for the `complaintOverdue` subscription.
 */
export const COMPLAINT_DEADLINE_QUEUE = 'complaint-deadline';
export const COMPLAINT_TIMER_CHANNEL = 'huzhu_complaints';
export const COMPLAINT_ALERT_CHANNEL = 'huzhu_complaint_alert';
export const COMPLAINT_SYSTEM_ACTOR = 'system:complaints';

export interface ComplaintDeadlineJob {
  complaintId: string;
}

/** Wakes the workers' dispatchers when the transaction commits. */
export async function announceComplaintTimer(em: EntityManager): Promise<void> {
  await em.query('SELECT pg_notify($1, $2)', [COMPLAINT_TIMER_CHANNEL, 'queued']);
}

/** Gives every complaint awaiting its timer a job starting at its deadline; returns how many. */
export async function dispatchComplaintTimers(dataSource: DataSource, boss: PgBoss): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await dataSource.transaction(async (em) => {
      const rows: { id: string; due: Date }[] = await em.query(
        `SELECT id, acknowledge_due_at AS due FROM complaint WHERE timer_awaiting_job
          ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      await insertJobs(
        em,
        boss,
        rows.map((row) => ({
          name: COMPLAINT_DEADLINE_QUEUE,
          data: { complaintId: row.id } satisfies ComplaintDeadlineJob,
          startAfter: new Date(row.due).toISOString(),
          singletonKey: row.id,
        })),
      );
      await em.query('UPDATE complaint SET timer_awaiting_job = false WHERE id = ANY($1)', [rows.map((r) => r.id)]);
      return rows.length;
    });
    if (count === 0) return total;
    total += count;
  }
}

/**
 * The deadline job: escalates the complaint to its township when it is still RECEIVED (and not
 * escalated already); otherwise does nothing, so a job that runs twice or late does no harm.
 * Returns whether it escalated.
 */
export async function escalateOverdueComplaint(dataSource: DataSource, complaintId: string): Promise<boolean> {
  return dataSource.transaction(async (em) => {
    const rows: {
      id: string;
      status: ComplaintStatus;
      overdue_at: Date | null;
      township: string | null;
      hours: number;
    }[] = await em.query(
      `SELECT c.id, c.status, c.overdue_at, coalesce(r.path[2], r.path[1]) AS township,
                (extract(epoch FROM c.acknowledge_due_at - c.received_at) / 3600)::float8 AS hours
           FROM complaint c JOIN region r ON r.id = c.region_id WHERE c.id = $1 FOR UPDATE OF c`,
      [complaintId],
    );
    const complaint = rows[0];
    if (!complaint || complaint.status !== ComplaintStatus.RECEIVED || complaint.overdue_at) return false;
    await em.query(
      `UPDATE complaint SET overdue_at = now(), escalated_to_region_id = $2, updated_at = now() WHERE id = $1`,
      [complaint.id, complaint.township],
    );
    await em.query(
      `INSERT INTO complaint_step (complaint_id, from_status, to_status, actor, text) VALUES ($1, 'RECEIVED', 'RECEIVED', $2, $3)`,
      [
        complaint.id,
        COMPLAINT_SYSTEM_ACTOR,
        `未在${Number(complaint.hours.toFixed(2))}小时内受理，已上报乡镇 — not acknowledged in time, escalated to the township`,
      ],
    );
    await em.query('SELECT pg_notify($1, $2)', [COMPLAINT_ALERT_CHANNEL, complaint.id]);
    return true;
  });
}
