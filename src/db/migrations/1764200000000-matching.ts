import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Match runs, their proposals and unmet needs, and each county's matching policy. */
export class Matching1764200000000 implements MigrationInterface {
  name = 'Matching1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TYPE match_run_status AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');
      CREATE TYPE proposal_status AS ENUM ('PROPOSED', 'CONFIRMED', 'REJECTED', 'REASSIGNED', 'SUPERSEDED');
      CREATE TYPE match_tier AS ENUM ('KIN', 'NEIGHBOUR', 'VILLAGE', 'ORGANISATION');

      ALTER TABLE county_policy ADD COLUMN matching jsonb;
      ALTER TABLE county_policy ALTER COLUMN priority_weights DROP NOT NULL;

      CREATE TABLE match_run (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region (id),
        region_id uuid NOT NULL REFERENCES region (id),
        dry_run boolean NOT NULL,
        status match_run_status NOT NULL DEFAULT 'QUEUED',
        progress real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
        progress_message text,
        policy jsonb,
        input_hash text,
        metrics jsonb,
        error text,
        requested_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX match_run_region_idx ON match_run (region_id, created_at DESC);

      CREATE TABLE match_proposal (
        id uuid PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES match_run (id) ON DELETE CASCADE,
        county_id uuid NOT NULL REFERENCES region (id),
        region_id uuid NOT NULL REFERENCES region (id),
        need_id uuid NOT NULL REFERENCES need (id),
        helper_id uuid NOT NULL REFERENCES helper (id),
        tier match_tier NOT NULL,
        cost jsonb NOT NULL,
        runners_up jsonb NOT NULL,
        safety_net boolean NOT NULL DEFAULT false,
        status proposal_status NOT NULL DEFAULT 'PROPOSED',
        decided_by text,
        decided_at timestamptz,
        decision_reason text,
        assignment_id uuid REFERENCES assignment (id)
      );
      CREATE INDEX match_proposal_run_idx ON match_proposal (run_id, id);
      CREATE INDEX match_proposal_need_idx ON match_proposal (need_id, status);

      CREATE TABLE match_unmet (
        run_id uuid NOT NULL REFERENCES match_run (id) ON DELETE CASCADE,
        need_id uuid NOT NULL REFERENCES need (id),
        region_id uuid NOT NULL REFERENCES region (id),
        missing smallint NOT NULL,
        reason text NOT NULL,
        escalation text NOT NULL,
        PRIMARY KEY (run_id, need_id)
      );
      CREATE INDEX match_unmet_region_idx ON match_unmet (region_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE match_unmet, match_proposal, match_run;
      ALTER TABLE county_policy DROP COLUMN matching;
      DROP TYPE match_tier, proposal_status, match_run_status;
    `);
  }
}
