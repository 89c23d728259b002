import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Runs started from the API (and the day-time runs a new or reopened need starts) wait for a
 * worker to put them on pg-boss: `awaiting_job` marks them until the worker has, in the same
 * transaction as their job.
 */
export class RunQueue1765000000000 implements MigrationInterface {
  name = 'RunQueue1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE match_run ADD COLUMN awaiting_job boolean NOT NULL DEFAULT false');
    await q.query('CREATE INDEX match_run_awaiting_job_idx ON match_run (created_at) WHERE awaiting_job');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE match_run DROP COLUMN awaiting_job');
  }
}
