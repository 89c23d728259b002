import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hardening: match runs hold a lease that their process renews while it works, so that a run
 * whose process died is recognised as abandoned within minutes, not after two hours.
 */
export class Hardening1764400000000 implements MigrationInterface {
  name = 'Hardening1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE match_run ADD COLUMN lease_until timestamptz;
      UPDATE match_run SET lease_until = coalesce(finished_at, created_at);
      ALTER TABLE match_run ALTER COLUMN lease_until SET NOT NULL;
      CREATE INDEX match_run_live_idx ON match_run (region_id, lease_until) WHERE status IN ('QUEUED', 'RUNNING');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX match_run_live_idx;
      ALTER TABLE match_run DROP COLUMN lease_until;
    `);
  }
}
