import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two sides of the match: elders' needs (需求) and helpers' capacities (供给), the standing
 * assignments that make up a helper's committed load, and each county's priority weights.
 */
export class NeedsCapacities1764100000000 implements MigrationInterface {
  name = 'NeedsCapacities1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TYPE service_type AS ENUM ('MEAL_DELIVERY', 'MEAL_AID', 'BATHING', 'MEDICAL_ESCORT', 'DAILY_CARE',
        'COMPANIONSHIP', 'VISIT_CHECK', 'COUNSELLING', 'HOUSEKEEPING', 'DAY_CARE', 'ERRANDS');
      CREATE TYPE certificate_kind AS ENUM ('ELDER_CARE', 'NURSE', 'DOCTOR', 'FOOD_HEALTH', 'COUNSELLOR', 'DRIVER');
      CREATE TYPE recurrence_kind AS ENUM ('ONCE', 'DAILY', 'WEEKLY');
      CREATE TYPE need_status AS ENUM ('OPEN', 'PROPOSED', 'MATCHED', 'PAUSED', 'CLOSED', 'CANCELLED');
      CREATE TYPE helper_kind AS ENUM ('PERSON', 'ORGANISATION');
      CREATE TYPE assignment_status AS ENUM ('ACTIVE', 'RELEASED');

      CREATE TABLE county_policy (
        county_id uuid PRIMARY KEY REFERENCES region (id),
        priority_weights jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      );

      CREATE TABLE need (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region (id),
        region_id uuid NOT NULL REFERENCES region (id),
        elder_id uuid NOT NULL REFERENCES person (id),
        service_type service_type NOT NULL,
        minutes_per_occurrence smallint NOT NULL CHECK (minutes_per_occurrence BETWEEN 1 AND 1440),
        recurrence recurrence_kind NOT NULL,
        weekdays smallint[] NOT NULL DEFAULT '{}',
        window_start time NOT NULL,
        window_end time NOT NULL,
        start_date date NOT NULL,
        end_date date,
        helpers_needed smallint NOT NULL DEFAULT 1 CHECK (helpers_needed BETWEEN 1 AND 4),
        required_certificate certificate_kind,
        notes text,
        status need_status NOT NULL DEFAULT 'OPEN',
        status_reason text,
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        unmet_since timestamptz DEFAULT now(),
        entry_channel entry_channel NOT NULL,
        entered_by text NOT NULL,
        proxy_id uuid REFERENCES person (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT need_window_order CHECK (window_end > window_start),
        CONSTRAINT need_dates_order CHECK (end_date IS NULL OR end_date >= start_date),
        CONSTRAINT need_weekdays CHECK (weekdays <@ ARRAY[1,2,3,4,5,6,7]::smallint[]
          AND ((recurrence = 'WEEKLY') = (cardinality(weekdays) > 0))),
        CONSTRAINT need_once_single_day CHECK (recurrence <> 'ONCE' OR end_date IS NULL OR end_date = start_date)
      );
      COMMENT ON COLUMN need.notes IS 'sensitive: health';
      COMMENT ON COLUMN need.unmet_since IS 'when the need last became unmet; null while matched, paused or finished';
      CREATE INDEX need_region_status_idx ON need (region_id, status, id);
      CREATE INDEX need_elder_idx ON need (elder_id);
      CREATE INDEX need_county_status_idx ON need (county_id, status);

      CREATE TABLE need_status_change (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        need_id uuid NOT NULL REFERENCES need (id) ON DELETE CASCADE,
        from_status need_status,
        to_status need_status NOT NULL,
        reason text,
        actor text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX need_status_change_need_idx ON need_status_change (need_id, at);

      CREATE TABLE helper (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region (id),
        kind helper_kind NOT NULL,
        person_id uuid UNIQUE REFERENCES person (id),
        organisation_id uuid UNIQUE REFERENCES organisation (id),
        region_id uuid NOT NULL REFERENCES region (id),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        travel_radius_km real NOT NULL DEFAULT 3 CHECK (travel_radius_km > 0 AND travel_radius_km <= 100),
        service_types service_type[] NOT NULL DEFAULT '{}',
        weekly_minutes integer NOT NULL DEFAULT 0 CHECK (weekly_minutes BETWEEN 0 AND 100800),
        max_elders smallint NOT NULL DEFAULT 1 CHECK (max_elders BETWEEN 0 AND 5000),
        daily_occurrences smallint CHECK (daily_occurrences BETWEEN 1 AND 5000),
        active boolean NOT NULL DEFAULT true,
        paused_reason text,
        consent boolean NOT NULL DEFAULT false,
        consent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT helper_one_owner CHECK ((person_id IS NULL) <> (organisation_id IS NULL)
          AND (kind = 'PERSON') = (person_id IS NOT NULL)),
        CONSTRAINT helper_coordinates_pair CHECK ((latitude IS NULL) = (longitude IS NULL))
      );
      COMMENT ON COLUMN helper.daily_occurrences IS 'bulk capacity of an organisation, e.g. 40 meals a day';
      CREATE INDEX helper_region_idx ON helper (region_id, id);
      CREATE INDEX helper_services_idx ON helper USING gin (service_types);

      CREATE TABLE helper_availability (
        helper_id uuid NOT NULL REFERENCES helper (id) ON DELETE CASCADE,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        window_start time NOT NULL,
        window_end time NOT NULL,
        PRIMARY KEY (helper_id, weekday, window_start),
        CONSTRAINT helper_availability_order CHECK (window_end > window_start)
      );

      CREATE TABLE certificate (
        id uuid PRIMARY KEY,
        helper_id uuid NOT NULL REFERENCES helper (id) ON DELETE CASCADE,
        kind certificate_kind NOT NULL,
        number text,
        issued_on date,
        expires_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT certificate_dates CHECK (issued_on IS NULL OR issued_on <= expires_on)
      );
      CREATE INDEX certificate_helper_idx ON certificate (helper_id, kind, expires_on);

      CREATE TABLE need_helper_preference (
        need_id uuid NOT NULL REFERENCES need (id) ON DELETE CASCADE,
        helper_id uuid NOT NULL REFERENCES helper (id),
        preferred boolean NOT NULL,
        PRIMARY KEY (need_id, helper_id)
      );
      COMMENT ON TABLE need_helper_preference IS 'the elder''s word: preferred (true) or refused (false) helpers';

      CREATE TABLE assignment (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region (id),
        need_id uuid NOT NULL REFERENCES need (id),
        helper_id uuid NOT NULL REFERENCES helper (id),
        elder_id uuid NOT NULL REFERENCES person (id),
        weekly_minutes integer NOT NULL CHECK (weekly_minutes >= 0),
        status assignment_status NOT NULL DEFAULT 'ACTIVE',
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        created_by text NOT NULL
      );
      COMMENT ON TABLE assignment IS 'standing assignments: a helper committed to a need; ACTIVE ones are the helper''s load';
      CREATE INDEX assignment_helper_active_idx ON assignment (helper_id) WHERE status = 'ACTIVE';
      CREATE UNIQUE INDEX assignment_need_helper_active_idx ON assignment (need_id, helper_id) WHERE status = 'ACTIVE';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE assignment, need_helper_preference, certificate, helper_availability, helper,
        need_status_change, need, county_policy;
      DROP TYPE assignment_status, helper_kind, need_status, recurrence_kind, certificate_kind, service_type;
    `);
  }
}
