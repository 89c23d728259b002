import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Regions, households, people, relationships, organisations and the audit trail.
 * Every row carries `county_id` so that a very large deployment can shard by county.
 * Columns holding personal data are marked with COMMENT 'sensitive: …'.
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TYPE region_kind AS ENUM ('COUNTY', 'TOWNSHIP', 'VILLAGE', 'GROUP');
      CREATE TYPE self_care_level AS ENUM ('INDEPENDENT', 'PARTIAL', 'DEPENDENT');
      CREATE TYPE gender AS ENUM ('FEMALE', 'MALE');
      CREATE TYPE residence AS ENUM ('AT_HOME', 'AWAY');
      CREATE TYPE disability AS ENUM ('NONE', 'PHYSICAL', 'VISUAL', 'HEARING', 'SPEECH', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE');
      CREATE TYPE relationship_kind AS ENUM ('KIN', 'SPOUSE', 'NEIGHBOUR', 'FRIEND');
      CREATE TYPE organisation_kind AS ENUM ('CHARITY_HOME', 'MEDICAL_CARE_CENTRE', 'SOCIAL_ORGANISATION', 'CLINIC', 'COMPANY', 'PARTY_BRANCH');
      CREATE TYPE entry_channel AS ENUM ('APP', 'PHONE', 'PAPER_FORM', 'HOME_VISIT');

      CREATE TABLE region (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region (id),
        parent_id uuid REFERENCES region (id),
        kind region_kind NOT NULL,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        path uuid[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT region_root_is_county CHECK ((kind = 'COUNTY') = (parent_id IS NULL)),
        CONSTRAINT region_code_digits CHECK (code ~ '^[0-9]{6,15}$'),
        CONSTRAINT region_path_ends_with_self CHECK (path[cardinality(path)] = id)
      );
      COMMENT ON COLUMN region.path IS 'ids from the county down to this region, itself last';
      CREATE INDEX region_path_idx ON region USING gin (path);
      CREATE INDEX region_parent_idx ON region (parent_id, code);
      CREATE INDEX region_county_kind_idx ON region (county_id, kind, code);

      CREATE TABLE household (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region (id),
        region_id uuid NOT NULL REFERENCES region (id),
        code text NOT NULL,
        address text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (region_id, code)
      );
      COMMENT ON COLUMN household.address IS 'sensitive: identity';
      CREATE INDEX household_county_idx ON household (county_id);

      CREATE TABLE person (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region (id),
        region_id uuid NOT NULL REFERENCES region (id),
        household_id uuid REFERENCES household (id),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 64),
        gender gender NOT NULL,
        birth_year smallint NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
        phone text,
        id_number text,
        residence residence NOT NULL DEFAULT 'AT_HOME',
        party_member boolean NOT NULL DEFAULT false,
        self_care_level self_care_level,
        lives_alone boolean NOT NULL DEFAULT false,
        left_behind boolean NOT NULL DEFAULT false,
        bottom_line_household boolean NOT NULL DEFAULT false,
        disability disability NOT NULL DEFAULT 'NONE',
        health_notes text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      COMMENT ON COLUMN person.phone IS 'sensitive: identity';
      COMMENT ON COLUMN person.id_number IS 'sensitive: identity';
      COMMENT ON COLUMN person.self_care_level IS 'sensitive: health';
      COMMENT ON COLUMN person.disability IS 'sensitive: health';
      COMMENT ON COLUMN person.health_notes IS 'sensitive: health';
      COMMENT ON COLUMN person.bottom_line_household IS 'sensitive: social assistance status';
      COMMENT ON COLUMN person.lives_alone IS 'sensitive: safety';
      CREATE INDEX person_region_idx ON person (region_id, id);
      CREATE INDEX person_household_idx ON person (household_id);
      CREATE INDEX person_county_idx ON person (county_id);
      CREATE UNIQUE INDEX person_id_number_idx ON person (id_number) WHERE id_number IS NOT NULL;

      CREATE TABLE relationship (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region (id),
        person_a_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        person_b_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        kind relationship_kind NOT NULL,
        kin_degree smallint,
        kin_term text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT relationship_canonical_order CHECK (person_a_id < person_b_id),
        CONSTRAINT relationship_kin_degree CHECK (
          (kind = 'KIN' AND kin_degree BETWEEN 1 AND 4) OR (kind <> 'KIN' AND kin_degree IS NULL)),
        CONSTRAINT relationship_unique UNIQUE (person_a_id, person_b_id, kind)
      );
      COMMENT ON TABLE relationship IS 'symmetric ties, stored once with person_a_id < person_b_id';
      CREATE INDEX relationship_b_idx ON relationship (person_b_id);

      CREATE TABLE organisation (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region (id),
        region_id uuid NOT NULL REFERENCES region (id),
        kind organisation_kind NOT NULL,
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 128),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (county_id, name)
      );
      CREATE INDEX organisation_region_idx ON organisation (region_id);

      CREATE TABLE organisation_service_area (
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        region_id uuid NOT NULL REFERENCES region (id),
        PRIMARY KEY (organisation_id, region_id)
      );
      CREATE INDEX organisation_service_area_region_idx ON organisation_service_area (region_id);

      CREATE TABLE organisation_member (
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        role text,
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, person_id)
      );
      CREATE INDEX organisation_member_person_idx ON organisation_member (person_id);

      CREATE TABLE audit_entry (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        county_id uuid REFERENCES region (id),
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        actor_role text NOT NULL,
        on_behalf_of_id uuid REFERENCES person (id),
        channel entry_channel NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        changed_fields text[] NOT NULL DEFAULT '{}'
      );
      COMMENT ON TABLE audit_entry IS 'who wrote what, on whose behalf, through which channel; field names only, never values';
      CREATE INDEX audit_entry_entity_idx ON audit_entry (entity_id, at);
      CREATE INDEX audit_entry_county_at_idx ON audit_entry (county_id, at);

      CREATE TABLE mutation_receipt (
        actor text NOT NULL,
        idempotency_key text NOT NULL,
        action text NOT NULL,
        input_hash text NOT NULL,
        entity_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor, idempotency_key)
      );
      COMMENT ON TABLE mutation_receipt IS 'a retried mutation with the same idempotency key returns the first result';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE mutation_receipt, audit_entry, organisation_member, organisation_service_area,
        organisation, relationship, person, household, region;
      DROP TYPE entry_channel, organisation_kind, relationship_kind, disability, residence, gender,
        self_care_level, region_kind;
    `);
  }
}
