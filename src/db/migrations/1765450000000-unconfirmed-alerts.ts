import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A visit done and still unconfirmed after 3 days is announced on the care-alert channel once
 * (issue #15): the sweep stamps when it did, so a late or repeated sweep announces it once.
 */
export class UnconfirmedAlerts1765450000000 implements MigrationInterface {
  name = 'UnconfirmedAlerts1765450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE visit ADD COLUMN unconfirmed_alert_at timestamptz;
      CREATE INDEX visit_unconfirmed_idx ON visit (checked_out_at) WHERE status = 'DONE' AND unconfirmed_alert_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE visit DROP COLUMN unconfirmed_alert_at');
  }
}
