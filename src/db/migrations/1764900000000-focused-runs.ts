import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A run may be focused on one need: it re-solves only the part of its region's matching that need touches. */
export class FocusedRuns1764900000000 implements MigrationInterface {
  name = 'FocusedRuns1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE match_run ADD COLUMN focus_need_id uuid REFERENCES need (id) ON DELETE SET NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE match_run DROP COLUMN focus_need_id');
  }
}
