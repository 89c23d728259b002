import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureModules } from '../../src/modules/registry.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

describe('table ownership', () => {
  it('gives every table of the migrated database exactly one owning module, by entity or by a documented raw table', async () => {
    const rows: { table_name: string }[] = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migration'`, // TypeORM's record of migrations
    );
    const owners = new Map<string, string[]>();
    const own = (table: string, module: string) => owners.set(table, [...(owners.get(table) ?? []), module]);
    for (const module of featureModules) {
      for (const entity of 'entities' in module ? (module.entities ?? []) : [])
        own(db.dataSource.getMetadata(entity).tableName, module.name);
      for (const raw of 'rawTables' in module ? (module.rawTables ?? []) : []) {
        expect(raw.why.length, `${raw.table} needs a reason`).toBeGreaterThan(20);
        own(raw.table, module.name);
      }
    }
    const tables = rows.map((row) => row.table_name).sort();
    expect(tables.length).toBeGreaterThan(25);
    const unowned = tables.filter((table) => !owners.has(table));
    const shared = [...owners].filter(([, modules]) => modules.length > 1);
    const missing = [...owners.keys()].filter((table) => !tables.includes(table));
    expect({ unowned, shared, missing }).toEqual({ unowned: [], shared: [], missing: [] });
  });
});
