import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The time bank's ledger (issue #17): double-entry, append-only. An entry is one movement of one
 * currency (MINUTES of care, or POINTS) made of postings that sum to zero; each account keeps its
 * balance, moved in the entry's transaction, and a floor it may not go below. Every entry has a
 * position in its county's log and the hash of its canonical encoding: the leaves of the county's
 * Merkle tree (src/ledger/merkle.ts). Nothing is ever updated or deleted: triggers refuse it.
 * Minutes deposited for verified visits are issued by the county's ISSUER account (whose balance
 * is minus all minutes ever issued), so each currency still sums to zero.
 */
export class TimeBankLedger1765600000000 implements MigrationInterface {
  name = 'TimeBankLedger1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_account (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region(id),
        currency text NOT NULL,
        owner_kind text NOT NULL,
        owner_id uuid,
        floor bigint NOT NULL DEFAULT 0,
        balance bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (currency IN ('MINUTES', 'POINTS')),
        CHECK (owner_kind IN ('PERSON', 'HOUSEHOLD', 'ORGANISATION', 'POOL', 'ISSUER')),
        CHECK ((owner_kind IN ('POOL', 'ISSUER')) = (owner_id IS NULL)),
        CHECK (balance >= floor)
      );
      CREATE UNIQUE INDEX ledger_account_owner_idx ON ledger_account (county_id, currency, owner_kind, coalesce(owner_id, '00000000-0000-0000-0000-000000000000'));
      COMMENT ON TABLE ledger_account IS 'a time-bank or points account: a person, a household pool, an organisation, or the county donation pool';

      CREATE TABLE ledger_entry (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region(id),
        position bigint NOT NULL,
        currency text NOT NULL,
        kind text NOT NULL,
        reason text NOT NULL,
        visit_id uuid REFERENCES visit(id),
        corrects_id uuid REFERENCES ledger_entry(id),
        approver text,
        policy_version integer NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        canonical text NOT NULL,
        leaf_hash bytea NOT NULL,
        UNIQUE (county_id, position),
        CHECK (currency IN ('MINUTES', 'POINTS')),
        CHECK (kind IN ('DEPOSIT', 'WITHDRAW', 'TRANSFER', 'DONATE', 'ADJUST', 'EARN', 'REDEEM')),
        CHECK (kind <> 'ADJUST' OR approver IS NOT NULL)
      );
      -- A verified visit is paid once.
      CREATE UNIQUE INDEX ledger_entry_visit_idx ON ledger_entry (visit_id) WHERE kind = 'DEPOSIT';
      COMMENT ON TABLE ledger_entry IS 'one balanced movement of the time bank, in its county''s append-only log';

      CREATE TABLE ledger_posting (
        entry_id uuid NOT NULL REFERENCES ledger_entry(id),
        account_id uuid NOT NULL REFERENCES ledger_account(id),
        amount bigint NOT NULL CHECK (amount <> 0),
        PRIMARY KEY (entry_id, account_id)
      );
      CREATE INDEX ledger_posting_account_idx ON ledger_posting (account_id, entry_id);

      -- The county's time-bank rules, versioned: an entry names the version it was computed under.
      CREATE TABLE time_bank_policy (
        county_id uuid NOT NULL REFERENCES region(id),
        version integer NOT NULL CHECK (version > 0),
        policy jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (county_id, version)
      );

      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME;
      END $$;
      CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
        FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
      CREATE TRIGGER ledger_posting_append_only BEFORE UPDATE OR DELETE ON ledger_posting
        FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
      CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
      CREATE TRIGGER ledger_posting_no_truncate BEFORE TRUNCATE ON ledger_posting
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE time_bank_policy;
      DROP TABLE ledger_posting;
      DROP TABLE ledger_entry;
      DROP TABLE ledger_account;
      DROP FUNCTION ledger_append_only();
    `);
  }
}
