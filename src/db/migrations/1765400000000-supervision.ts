import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision (多方问责, issue #16): inspections of an agreement or a household, of five kinds,
 * scored on the county's scale; a poor result opens a rectification task, plans a follow-up and
 * counts towards the helper's standing. Unannounced inspections are drawn from a recorded seed
 * and the candidates' weights, so that anyone can draw again and get the same list.
 */
export class Supervision1765400000000 implements MigrationInterface {
  name = 'Supervision1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE county_policy ADD COLUMN supervision jsonb;
      -- The helper's record as a run weighed it (visits, stars, inspections), for its explanation.
      ALTER TABLE match_proposal ADD COLUMN helper_record jsonb;

      CREATE TABLE inspection_draw (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region(id),
        region_id uuid NOT NULL REFERENCES region(id),
        seed text NOT NULL,
        sample_size integer NOT NULL CHECK (sample_size > 0),
        candidates jsonb NOT NULL,
        drawn uuid[] NOT NULL,
        due_date date NOT NULL,
        drawn_by text NOT NULL,
        drawn_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX inspection_draw_region_idx ON inspection_draw (region_id, drawn_at);
      COMMENT ON TABLE inspection_draw IS 'a draw of unannounced inspections: seed, candidates with weights, what was drawn';

      CREATE TABLE inspection (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region(id),
        region_id uuid NOT NULL REFERENCES region(id),
        kind text NOT NULL,
        theme text,
        agreement_id uuid REFERENCES care_agreement(id),
        household_id uuid REFERENCES household(id),
        helper_id uuid REFERENCES helper(id),
        follow_up_of uuid REFERENCES inspection(id),
        draw_id uuid REFERENCES inspection_draw(id),
        status text NOT NULL,
        due_date date,
        inspected_at timestamptz,
        inspector text,
        scale_max integer,
        scores jsonb,
        score double precision,
        poor boolean,
        findings text,
        photo_refs text[] NOT NULL DEFAULT '{}',
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind IN ('DAILY', 'SCHEDULED', 'SPECIAL', 'FOLLOW_UP', 'UNANNOUNCED')),
        CHECK (status IN ('PLANNED', 'DONE', 'CANCELLED')),
        CHECK ((agreement_id IS NULL) <> (household_id IS NULL)),
        CHECK (status <> 'DONE' OR (inspected_at IS NOT NULL AND score IS NOT NULL AND poor IS NOT NULL))
      );
      CREATE INDEX inspection_region_idx ON inspection (region_id, status, created_at);
      CREATE INDEX inspection_agreement_idx ON inspection (agreement_id, inspected_at);
      CREATE INDEX inspection_household_idx ON inspection (household_id, inspected_at);
      CREATE INDEX inspection_helper_idx ON inspection (helper_id, inspected_at) WHERE status = 'DONE';
      COMMENT ON TABLE inspection IS 'a supervision inspection of an agreement or a household, planned or done, with its scores';

      CREATE TABLE rectification_task (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region(id),
        region_id uuid NOT NULL REFERENCES region(id),
        inspection_id uuid NOT NULL UNIQUE REFERENCES inspection(id),
        agreement_id uuid REFERENCES care_agreement(id),
        household_id uuid REFERENCES household(id),
        helper_id uuid REFERENCES helper(id),
        due_date date NOT NULL,
        status text NOT NULL DEFAULT 'OPEN',
        closed_at timestamptz,
        closed_by text,
        closing_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status IN ('OPEN', 'DONE'))
      );
      CREATE INDEX rectification_open_idx ON rectification_task (region_id, due_date) WHERE status = 'OPEN';
      CREATE INDEX rectification_agreement_idx ON rectification_task (agreement_id) WHERE status = 'OPEN';
      COMMENT ON TABLE rectification_task IS 'what a poor inspection asked to be put right, by when';

      CREATE TABLE helper_standing (
        helper_id uuid PRIMARY KEY REFERENCES helper(id),
        standing text NOT NULL,
        since timestamptz NOT NULL DEFAULT now(),
        reason text NOT NULL,
        inspection_id uuid REFERENCES inspection(id),
        CHECK (standing IN ('GOOD', 'NOT_IN_GOOD_STANDING'))
      );
      COMMENT ON TABLE helper_standing IS 'a helper whose inspections fell short in a row; no row: in good standing';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE helper_standing;
      DROP TABLE rectification_task;
      DROP TABLE inspection;
      DROP TABLE inspection_draw;
      ALTER TABLE county_policy DROP COLUMN supervision;
      ALTER TABLE match_proposal DROP COLUMN helper_record;
    `);
  }
}
