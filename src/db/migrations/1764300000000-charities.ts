import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Charities: consent to share, API accounts and keys, the redacted public-need feed (its
 * outbox and the last state each need was published in), pledges and signed webhooks.
 */
export class Charities1764300000000 implements MigrationInterface {
  name = 'Charities1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TYPE public_need_event_type AS ENUM ('NEED_PUBLISHED', 'NEED_UPDATED');
      CREATE TYPE webhook_endpoint_status AS ENUM ('ACTIVE', 'DISABLED');
      CREATE TYPE webhook_delivery_status AS ENUM ('PENDING', 'DELIVERED', 'FAILED');
      CREATE TYPE pledge_status AS ENUM ('ACTIVE', 'WITHDRAWN');

      -- The safety net's verdict on a need in the latest run that covered it.
      ALTER TABLE need ADD COLUMN escalation text CHECK (escalation IN ('ORGANISATION_RING', 'COORDINATOR_QUEUE'));

      -- An elder's (or their proxy's) consent to show their needs, redacted, to charities.
      CREATE TABLE sharing_consent (
        elder_id uuid PRIMARY KEY REFERENCES person (id),
        county_id uuid NOT NULL REFERENCES region (id),
        given_by_id uuid NOT NULL REFERENCES person (id),
        given_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz,
        recorded_by text NOT NULL
      );

      CREATE TABLE api_account (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region (id),
        organisation_id uuid NOT NULL UNIQUE REFERENCES organisation (id),
        region_ids uuid[] NOT NULL CHECK (cardinality(region_ids) BETWEEN 1 AND 200),
        service_types service_type[] NOT NULL CHECK (cardinality(service_types) >= 1),
        requests_per_minute integer NOT NULL DEFAULT 120 CHECK (requests_per_minute BETWEEN 1 AND 100000),
        suspended_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE api_key (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES api_account (id),
        prefix text NOT NULL UNIQUE,
        secret_hash bytea NOT NULL,
        label text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz
      );
      CREATE INDEX api_key_account_idx ON api_key (account_id);

      -- Fixed one-minute windows, shared by every API process.
      CREATE TABLE api_key_window (
        key_id uuid NOT NULL REFERENCES api_key (id),
        window_start timestamptz NOT NULL,
        requests integer NOT NULL,
        PRIMARY KEY (key_id, window_start)
      );

      -- Every use of a key: what was asked, over which channel, with what outcome. No payloads.
      CREATE TABLE api_key_use (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key_id uuid NOT NULL REFERENCES api_key (id),
        account_id uuid NOT NULL REFERENCES api_account (id),
        at timestamptz NOT NULL DEFAULT now(),
        channel text NOT NULL,
        operation text,
        fields text[] NOT NULL DEFAULT '{}',
        outcome text NOT NULL
      );
      CREATE INDEX api_key_use_key_idx ON api_key_use (key_id, at);

      -- The last state each need was published in; its public id is stable and unlinkable.
      CREATE TABLE public_need (
        need_id uuid PRIMARY KEY REFERENCES need (id),
        public_id text NOT NULL UNIQUE,
        visible boolean NOT NULL,
        payload jsonb NOT NULL,
        first_published_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- The outbox: written in the transaction that changed the need; NOTIFY only wakes readers.
      CREATE TABLE public_need_event (
        position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        type public_need_event_type NOT NULL,
        public_id text NOT NULL,
        county_id uuid NOT NULL REFERENCES region (id),
        region_path uuid[] NOT NULL,
        service_type service_type NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now()
      );

      -- The one rule for which charity sees what: the account's regions and service types.
      CREATE FUNCTION charity_covers(account_regions uuid[], account_services service_type[], need_path uuid[], need_service service_type)
        RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS 'SELECT account_regions && need_path AND need_service = ANY (account_services)';

      CREATE TABLE charity_pledge (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES api_account (id),
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        need_id uuid NOT NULL REFERENCES need (id),
        county_id uuid NOT NULL REFERENCES region (id),
        weekly_minutes integer NOT NULL CHECK (weekly_minutes BETWEEN 1 AND 100800),
        note text CHECK (length(note) <= 500),
        status pledge_status NOT NULL DEFAULT 'ACTIVE',
        created_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz
      );
      CREATE UNIQUE INDEX charity_pledge_active_uq ON charity_pledge (organisation_id, need_id) WHERE status = 'ACTIVE';
      CREATE INDEX charity_pledge_need_idx ON charity_pledge (need_id) WHERE status = 'ACTIVE';

      CREATE TABLE webhook_endpoint (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES api_account (id),
        url text NOT NULL CHECK (length(url) <= 2000),
        secret text NOT NULL,
        event_types public_need_event_type[] NOT NULL,
        status webhook_endpoint_status NOT NULL DEFAULT 'ACTIVE',
        disabled_at timestamptz,
        disabled_reason text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX webhook_endpoint_account_idx ON webhook_endpoint (account_id);

      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoint (id),
        event_position bigint NOT NULL REFERENCES public_need_event (position),
        status webhook_delivery_status NOT NULL DEFAULT 'PENDING',
        attempts integer NOT NULL DEFAULT 0,
        replay_of uuid REFERENCES webhook_delivery (id),
        -- false until the dispatcher has queued its first job (replays are created by the API)
        queued boolean NOT NULL DEFAULT false,
        next_attempt_at timestamptz,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz
      );
      CREATE UNIQUE INDEX webhook_delivery_first_uq ON webhook_delivery (endpoint_id, event_position) WHERE replay_of IS NULL;
      CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, created_at);
      CREATE INDEX webhook_delivery_unqueued_idx ON webhook_delivery (created_at) WHERE NOT queued;

      CREATE TABLE webhook_attempt (
        delivery_id uuid NOT NULL REFERENCES webhook_delivery (id),
        attempt integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        status_code integer,
        error text,
        duration_ms integer NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      );

      -- How far the webhook dispatcher has fanned the outbox out; one row, locked while dispatching.
      CREATE TABLE outbox_cursor (
        name text PRIMARY KEY,
        position bigint NOT NULL
      );
      INSERT INTO outbox_cursor (name, position) VALUES ('webhooks', 0);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE outbox_cursor, webhook_attempt, webhook_delivery, webhook_endpoint, charity_pledge, public_need_event, public_need,
        api_key_use, api_key_window, api_key, api_account, sharing_consent;
      DROP FUNCTION charity_covers;
      ALTER TABLE need DROP COLUMN escalation;
      DROP TYPE pledge_status, webhook_delivery_status, webhook_endpoint_status, public_need_event_type;
    `);
  }
}
