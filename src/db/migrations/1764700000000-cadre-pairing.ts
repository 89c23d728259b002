import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 包帮助养: a party member or cadre paired with a household in hardship. The pairing is a tie
 * between the cadre and an elder of that household (kind CADRE_PAIRING), and its own ring in the
 * matching (tier CADRE), between kin and neighbours.
 */
export class CadrePairing1764700000000 implements MigrationInterface {
  name = 'CadrePairing1764700000000';
  // ALTER TYPE … ADD VALUE may not be used in the transaction that adds it.
  transaction = false as const;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TYPE relationship_kind ADD VALUE IF NOT EXISTS 'CADRE_PAIRING'`);
    await q.query(`ALTER TYPE match_tier ADD VALUE IF NOT EXISTS 'CADRE' BEFORE 'NEIGHBOUR'`);
  }

  async down(): Promise<void> {
    // PostgreSQL cannot drop an enum value; rows using them would have to go first. Left in place.
  }
}
