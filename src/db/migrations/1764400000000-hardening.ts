import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hardening: match runs hold a lease that their process renews while it works, so that a run
 * whose process died is recognised as abandoned within minutes, not after two hours. Why a
 * need's status changed becomes a code free of health details; the free text beside it (which
 * held things like "住院") becomes a note that only sensitive-data readers see.
 */
export class Hardening1764400000000 implements MigrationInterface {
  name = 'Hardening1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE match_run ADD COLUMN lease_until timestamptz;
      UPDATE match_run SET lease_until = coalesce(finished_at, created_at);
      ALTER TABLE match_run ALTER COLUMN lease_until SET NOT NULL;
      CREATE INDEX match_run_live_idx ON match_run (region_id, lease_until) WHERE status IN ('QUEUED', 'RUNNING');

      CREATE TYPE need_status_reason AS ENUM (
        'ENTERED', 'MATCH_PROPOSED', 'CONFIRMED', 'PROPOSAL_REJECTED', 'ASSIGNMENT_RELEASED', 'RESUMED',
        'ELDER_AWAY', 'FAMILY_CARING_TEMPORARILY', 'SERVICE_SUSPENDED', 'NEED_MET', 'FAMILY_TAKES_OVER',
        'ELDER_MOVED', 'ELDER_DIED', 'ENTERED_IN_ERROR', 'DUPLICATE', 'ELDER_DECLINED', 'OTHER');
      CREATE FUNCTION pg_temp.reason_code(text) RETURNS need_status_reason LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE $1 WHEN 'entered' THEN 'ENTERED' WHEN 'match run' THEN 'MATCH_PROPOSED'
                       WHEN 'confirmed by coordinator' THEN 'CONFIRMED' WHEN 'proposal rejected' THEN 'PROPOSAL_REJECTED'
                       WHEN 'resumed' THEN 'RESUMED' ELSE CASE WHEN $1 IS NULL THEN 'ENTERED' ELSE 'OTHER' END END::need_status_reason $$;
      CREATE FUNCTION pg_temp.reason_note(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN $1 IN ('entered', 'match run', 'confirmed by coordinator', 'proposal rejected', 'resumed') THEN NULL ELSE $1 END $$;

      ALTER TABLE need ADD COLUMN status_reason_code need_status_reason NOT NULL DEFAULT 'ENTERED';
      UPDATE need SET status_reason_code = pg_temp.reason_code(status_reason), status_reason = pg_temp.reason_note(status_reason);
      ALTER TABLE need RENAME COLUMN status_reason TO status_note;

      ALTER TABLE need_status_change ADD COLUMN reason_code need_status_reason;
      UPDATE need_status_change SET reason_code = pg_temp.reason_code(reason), reason = pg_temp.reason_note(reason);
      ALTER TABLE need_status_change ALTER COLUMN reason_code SET NOT NULL;
      ALTER TABLE need_status_change RENAME COLUMN reason TO note;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE need_status_change RENAME COLUMN note TO reason;
      UPDATE need_status_change SET reason = coalesce(reason, lower(reason_code::text));
      ALTER TABLE need_status_change DROP COLUMN reason_code;
      ALTER TABLE need RENAME COLUMN status_note TO status_reason;
      UPDATE need SET status_reason = coalesce(status_reason, lower(status_reason_code::text));
      ALTER TABLE need DROP COLUMN status_reason_code;
      DROP TYPE need_status_reason;
      DROP INDEX match_run_live_idx;
      ALTER TABLE match_run DROP COLUMN lease_until;
    `);
  }
}
