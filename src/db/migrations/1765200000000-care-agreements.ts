import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Care agreements (托养/联养协议, issue #15): an elder (and their proxy, if one acts) and a helper
 * — a villager with their household, or an organisation — with the village committee as witness.
 * Each party signs once (in the app, on paper, or by thumbprint before a named witness); every
 * status change keeps its actor, time and reason; an elder who ends an agreement may bar that
 * helper from being proposed to them again until they allow it.
 */
export class CareAgreements1765200000000 implements MigrationInterface {
  name = 'CareAgreements1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE care_agreement (
        id uuid PRIMARY KEY,
        county_id uuid NOT NULL REFERENCES region(id),
        region_id uuid NOT NULL REFERENCES region(id),
        elder_id uuid NOT NULL REFERENCES person(id),
        proxy_id uuid REFERENCES person(id),
        helper_id uuid NOT NULL REFERENCES helper(id),
        care_mode text NOT NULL,
        duties jsonb NOT NULL DEFAULT '[]',
        start_date date NOT NULL,
        end_date date,
        review_date date,
        status text NOT NULL DEFAULT 'DRAFT',
        end_requested_at timestamptz,
        ends_on date,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (end_date IS NULL OR end_date >= start_date),
        CHECK (status IN ('DRAFT', 'ACTIVE', 'SUSPENDED', 'ENDED'))
      );
      CREATE INDEX care_agreement_region_idx ON care_agreement (region_id, status, created_at);
      CREATE INDEX care_agreement_elder_idx ON care_agreement (elder_id);
      CREATE INDEX care_agreement_helper_idx ON care_agreement (helper_id);
      CREATE INDEX care_agreement_ending_idx ON care_agreement (ends_on) WHERE status <> 'ENDED' AND ends_on IS NOT NULL;
      COMMENT ON TABLE care_agreement IS 'a care agreement between an elder and a helper, witnessed by the village committee';

      CREATE TABLE care_agreement_need (
        agreement_id uuid NOT NULL REFERENCES care_agreement(id),
        need_id uuid NOT NULL REFERENCES need(id),
        PRIMARY KEY (agreement_id, need_id)
      );
      CREATE INDEX care_agreement_need_need_idx ON care_agreement_need (need_id);

      CREATE TABLE care_agreement_signature (
        agreement_id uuid NOT NULL REFERENCES care_agreement(id),
        party text NOT NULL,
        channel text NOT NULL,
        signer_name text NOT NULL,
        recorded_by text NOT NULL,
        scan_ref text,
        witness_name text,
        signed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agreement_id, party)
      );

      CREATE TABLE care_agreement_change (
        id bigserial PRIMARY KEY,
        agreement_id uuid NOT NULL REFERENCES care_agreement(id),
        from_status text,
        to_status text NOT NULL,
        actor text NOT NULL,
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX care_agreement_change_idx ON care_agreement_change (agreement_id, at);

      CREATE TABLE elder_helper_exclusion (
        id uuid PRIMARY KEY,
        elder_id uuid NOT NULL REFERENCES person(id),
        helper_id uuid NOT NULL REFERENCES helper(id),
        agreement_id uuid REFERENCES care_agreement(id),
        reason text NOT NULL,
        since timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        lifted_at timestamptz,
        lifted_by text
      );
      CREATE UNIQUE INDEX elder_helper_exclusion_live_idx ON elder_helper_exclusion (elder_id, helper_id) WHERE lifted_at IS NULL;
      ALTER TYPE need_status_reason ADD VALUE 'AGREEMENT_SIGNED';
      ALTER TYPE need_status_reason ADD VALUE 'AGREEMENT_ENDED';
      COMMENT ON TABLE elder_helper_exclusion IS 'helpers an elder does not want proposed again (after ending an agreement), until lifted';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP TABLE elder_helper_exclusion, care_agreement_change, care_agreement_signature, care_agreement_need, care_agreement',
    );
  }
}
