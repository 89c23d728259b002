import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Visits (issue #15): an ACTIVE agreement's needs expand into dated visits over a rolling window;
 * the helper (or an officer for them) checks in and out, the elder or their proxy confirms and
 * rates. A confirmed visit, or one a supervisor checked, is VERIFIED — the only visits rewards
 * will be paid on. A visit not done by the end of its window and a grace period is MISSED.
 */
export class Visits1765300000000 implements MigrationInterface {
  name = 'Visits1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE visit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL REFERENCES region(id),
        region_id uuid NOT NULL REFERENCES region(id),
        agreement_id uuid NOT NULL REFERENCES care_agreement(id),
        need_id uuid NOT NULL REFERENCES need(id),
        helper_id uuid NOT NULL REFERENCES helper(id),
        elder_id uuid NOT NULL REFERENCES person(id),
        service_type service_type NOT NULL,
        scheduled_date date NOT NULL,
        window_start time NOT NULL,
        window_end time NOT NULL,
        planned_minutes integer NOT NULL,
        status text NOT NULL DEFAULT 'SCHEDULED',
        checked_in_at timestamptz,
        checked_out_at timestamptz,
        check_in_location jsonb,
        check_out_location jsonb,
        recorded_by text,
        entry_channel text,
        done_notes text,
        rating smallint,
        rating_tags text[] NOT NULL DEFAULT '{}',
        rating_comment text,
        confirmed_at timestamptz,
        confirmed_by text,
        verified_at timestamptz,
        verified_by text,
        cancel_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (agreement_id, need_id, scheduled_date),
        CHECK (status IN ('SCHEDULED', 'CHECKED_IN', 'DONE', 'VERIFIED', 'MISSED', 'CANCELLED')),
        CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
        CHECK (checked_out_at IS NULL OR checked_out_at >= checked_in_at)
      );
      CREATE INDEX visit_region_day_idx ON visit (region_id, scheduled_date, window_start, id);
      CREATE INDEX visit_helper_day_idx ON visit (helper_id, scheduled_date, window_start);
      CREATE INDEX visit_elder_day_idx ON visit (elder_id, scheduled_date);
      CREATE INDEX visit_open_idx ON visit (scheduled_date) WHERE status IN ('SCHEDULED', 'CHECKED_IN', 'DONE');
      COMMENT ON TABLE visit IS 'a dated visit of an agreement''s helper to its elder, and what became of it';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE visit');
  }
}
