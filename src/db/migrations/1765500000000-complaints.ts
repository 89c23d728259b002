import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaints, mediation and credit records (issue #16, paper 004 §3.4): anyone in the region may
 * complain about a visit, an agreement, a person or an organisation, anonymously if they wish; the
 * village mediation committee acknowledges within the county's hours (24 by default, 24小时响应制),
 * mediates and resolves, or escalates to the county's arbitration court (互助养老仲裁庭), which rules.
 * Every step keeps its actor, time and text. A complaint left unacknowledged past its deadline is
 * marked overdue and escalated to its township by a pg-boss job (the timer is queued by a worker's
 * dispatcher, like match runs: `timer_awaiting_job`).
 *
 * Credit records (诚信档案): entries are never changed or deleted — triggers refuse it; a correction
 * (trust repair) is a new entry pointing at the one it corrects. An upheld serious complaint
 * suspends the helper from new proposals until a coordinator reviews it (`helper_suspension`).
 */
export class Complaints1765500000000 implements MigrationInterface {
  name = 'Complaints1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE county_policy ADD COLUMN mediation jsonb;

      CREATE TABLE complaint (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region(id),
        region_id uuid NOT NULL REFERENCES region(id),
        subject_kind text NOT NULL,
        subject_id uuid NOT NULL,
        helper_id uuid REFERENCES helper(id),
        concerned_person_id uuid REFERENCES person(id),
        concerned_organisation_id uuid REFERENCES organisation(id),
        complainant_id uuid REFERENCES person(id),
        complainant_subject text NOT NULL,
        anonymous boolean NOT NULL DEFAULT false,
        channel text NOT NULL,
        category text NOT NULL,
        severity text NOT NULL,
        description text NOT NULL,
        status text NOT NULL DEFAULT 'RECEIVED',
        outcome text,
        outcome_text text,
        received_at timestamptz NOT NULL DEFAULT now(),
        acknowledge_due_at timestamptz NOT NULL,
        resolve_due_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        escalated_at timestamptz,
        ruled_at timestamptz,
        overdue_at timestamptz,
        escalated_to_region_id uuid REFERENCES region(id),
        timer_awaiting_job boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (subject_kind IN ('VISIT', 'CARE_AGREEMENT', 'PERSON', 'ORGANISATION')),
        CHECK (status IN ('RECEIVED', 'ACKNOWLEDGED', 'MEDIATING', 'RESOLVED', 'ESCALATED', 'RULED')),
        CHECK (severity IN ('ORDINARY', 'SERIOUS')),
        CHECK (category IN ('SERVICE_QUALITY', 'MISSED_SERVICE', 'NEGLECT', 'DISRESPECT', 'PROPERTY', 'FRAUD', 'AGREEMENT_BREACH', 'OTHER')),
        CHECK (outcome IS NULL OR outcome IN ('UPHELD', 'PARTLY_UPHELD', 'NOT_UPHELD')),
        CHECK ((status IN ('RESOLVED', 'RULED')) = (outcome IS NOT NULL)),
        CHECK (overdue_at IS NULL OR escalated_to_region_id IS NOT NULL)
      );
      CREATE INDEX complaint_region_idx ON complaint (region_id, status, received_at);
      CREATE INDEX complaint_county_idx ON complaint (county_id, received_at);
      CREATE INDEX complaint_subject_idx ON complaint (subject_id);
      CREATE INDEX complaint_helper_idx ON complaint (helper_id) WHERE helper_id IS NOT NULL;
      CREATE INDEX complaint_complainant_idx ON complaint (complainant_id) WHERE complainant_id IS NOT NULL;
      CREATE INDEX complaint_overdue_idx ON complaint (escalated_to_region_id) WHERE overdue_at IS NOT NULL;
      CREATE INDEX complaint_timer_idx ON complaint (created_at) WHERE timer_awaiting_job;
      COMMENT ON TABLE complaint IS 'a complaint about a visit, an agreement, a person or an organisation, and its mediation or ruling';
      COMMENT ON COLUMN complaint.complainant_id IS 'kept even when anonymous; shown only to ADMIN and the county arbitrator';

      CREATE TABLE complaint_step (
        id bigserial PRIMARY KEY,
        complaint_id uuid NOT NULL REFERENCES complaint(id),
        from_status text,
        to_status text NOT NULL,
        actor text NOT NULL,
        text text,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX complaint_step_idx ON complaint_step (complaint_id, at, id);

      CREATE TABLE credit_entry (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region(id),
        region_id uuid NOT NULL REFERENCES region(id),
        subject_kind text NOT NULL,
        subject_id uuid NOT NULL,
        kind text NOT NULL,
        points integer NOT NULL DEFAULT 0,
        grade text,
        text text NOT NULL,
        source text NOT NULL,
        source_id uuid,
        corrects_id uuid UNIQUE REFERENCES credit_entry(id),
        correction_reason text,
        approved_by text,
        apology text,
        rule_change text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (subject_kind IN ('PERSON', 'HOUSEHOLD', 'ORGANISATION')),
        CHECK (kind IN ('DEMERIT', 'MERIT', 'NOTE', 'CORRECTION')),
        CHECK (source IN ('COMPLAINT', 'MEDIATION', 'RULING', 'SUPERVISION', 'AWARD', 'CORRECTION')),
        CHECK ((kind = 'CORRECTION') = (corrects_id IS NOT NULL)),
        CHECK (corrects_id IS NULL OR (correction_reason IS NOT NULL AND approved_by IS NOT NULL))
      );
      CREATE INDEX credit_entry_subject_idx ON credit_entry (subject_id, created_at, id);
      CREATE INDEX credit_entry_source_idx ON credit_entry (source_id) WHERE source_id IS NOT NULL;
      COMMENT ON TABLE credit_entry IS 'the credit record (诚信档案): entries are never changed or deleted; a correction is a new entry';

      CREATE FUNCTION credit_entry_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'credit entries are never changed or deleted: add a correction instead'
          USING ERRCODE = 'integrity_constraint_violation';
      END $$;
      CREATE TRIGGER credit_entry_no_update BEFORE UPDATE OR DELETE ON credit_entry
        FOR EACH ROW EXECUTE FUNCTION credit_entry_immutable();
      CREATE TRIGGER credit_entry_no_truncate BEFORE TRUNCATE ON credit_entry
        FOR EACH STATEMENT EXECUTE FUNCTION credit_entry_immutable();

      CREATE TABLE helper_suspension (
        id uuid PRIMARY KEY,
        helper_id uuid NOT NULL REFERENCES helper(id),
        complaint_id uuid NOT NULL REFERENCES complaint(id),
        since timestamptz NOT NULL DEFAULT now(),
        reviewed_at timestamptz,
        reviewed_by text,
        review_text text,
        CHECK ((reviewed_at IS NULL) = (reviewed_by IS NULL))
      );
      CREATE UNIQUE INDEX helper_suspension_open_idx ON helper_suspension (helper_id) WHERE reviewed_at IS NULL;
      COMMENT ON TABLE helper_suspension IS 'a helper kept out of new proposals after an upheld serious complaint, until a coordinator reviews it';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE helper_suspension, credit_entry, complaint_step, complaint;
      DROP FUNCTION credit_entry_immutable();
      ALTER TABLE county_policy DROP COLUMN mediation;
    `);
  }
}
