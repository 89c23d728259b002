import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Explanations for people: whether the elder chose the helper, and whether a safety-net organisation comes outside its hours. */
export class Explanations1764600000000 implements MigrationInterface {
  name = 'Explanations1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE match_proposal ADD COLUMN elder_choice boolean NOT NULL DEFAULT false,
                                 ADD COLUMN outside_hours boolean NOT NULL DEFAULT false;
      -- Until now every safety-net proposal was described as outside the organisation's hours.
      UPDATE match_proposal SET outside_hours = safety_net;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE match_proposal DROP COLUMN elder_choice, DROP COLUMN outside_hours');
  }
}
