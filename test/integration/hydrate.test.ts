import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entities } from '../../src/db/entities.ts';
import { selectEntities } from '../../src/db/hydrate.ts';
import { createRun, executeRun } from '../../src/modules/matching/match-run.service.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * Loaders read entities through `selectEntities` (src/db/hydrate.ts), not TypeORM's result
 * transformer. Every entity, read both ways from a seeded and matched county, must come out the
 * same: same class, same properties, same values and types (dates as Date, `date` columns as
 * strings, enum arrays as arrays).
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 1, seed: 9 });
  const village = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'VILLAGE' as never });
  const run = await createRun(db.dataSource.manager, village, false, 'test');
  expect((await executeRun(db.dataSource, run.id)).status).toBe('SUCCEEDED');
}, 180_000);

afterAll(async () => {
  await db?.drop();
});

describe('entities read without the ORM', () => {
  it('equal what TypeORM reads, for every entity', async () => {
    const em = db.dataSource.manager;
    const compared: string[] = [];
    for (const entity of entities) {
      const metadata = db.dataSource.getMetadata(entity);
      const primary = metadata.primaryColumns.map((column) => `"${column.databaseName}"`).join(', ');
      const order = Object.fromEntries(metadata.primaryColumns.map((column) => [column.propertyName, 'ASC']));
      const expected = await em.getRepository(entity).find({ order, take: 300 } as never);
      const actual = await selectEntities(em, entity, `true ORDER BY ${primary} LIMIT 300`, []);
      expect(actual, metadata.name).toStrictEqual(expected);
      if (expected.length > 0) compared.push(metadata.name);
    }
    // The entities the API's loaders read this way were there to compare.
    expect(compared).toEqual(
      expect.arrayContaining([
        'Person',
        'Household',
        'RelationshipRow',
        'Region',
        'Need',
        'NeedStatusChange',
        'Helper',
        'Organisation',
        'MatchProposal',
        'CareAgreement',
        'AgreementSignature',
        'Visit',
      ]),
    );
  });
});
