import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Places: a region's centre and a household's location, so that travel radius and distance act
 * on real data. A need is located at the elder's household, else at its group's or village's
 * centre; a person helper at their own stated point, else their household, else their group.
 */
export class Places1764500000000 implements MigrationInterface {
  name = 'Places1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE region ADD COLUMN latitude double precision CHECK (latitude BETWEEN -90 AND 90),
                         ADD COLUMN longitude double precision CHECK (longitude BETWEEN -180 AND 180),
                         ADD CONSTRAINT region_coordinates_pair CHECK ((latitude IS NULL) = (longitude IS NULL));
      ALTER TABLE household ADD COLUMN latitude double precision CHECK (latitude BETWEEN -90 AND 90),
                            ADD COLUMN longitude double precision CHECK (longitude BETWEEN -180 AND 180),
                            ADD CONSTRAINT household_coordinates_pair CHECK ((latitude IS NULL) = (longitude IS NULL));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE household DROP COLUMN latitude, DROP COLUMN longitude;
      ALTER TABLE region DROP COLUMN latitude, DROP COLUMN longitude;
    `);
  }
}
