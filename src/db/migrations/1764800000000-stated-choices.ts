import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The elder's stated choices (a preferred or refused helper) record who said it and when: the elder, or a proxy speaking for them. */
export class StatedChoices1764800000000 implements MigrationInterface {
  name = 'StatedChoices1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE need_helper_preference
        ADD COLUMN spoken_by_proxy_id uuid REFERENCES person (id) ON DELETE SET NULL,
        ADD COLUMN stated_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN entered_by text NOT NULL DEFAULT 'unknown';
      ALTER TABLE need_helper_preference ALTER COLUMN entered_by DROP DEFAULT;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE need_helper_preference DROP COLUMN spoken_by_proxy_id, DROP COLUMN stated_at, DROP COLUMN entered_by',
    );
  }
}
