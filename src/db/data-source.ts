import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { entities } from './entities.ts';
import { migrations } from './migrations/index.ts';
import { QueryCounter } from './query-counter.ts';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
  migrations?: typeof migrations;
}

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities,
    // A test may stop at an earlier migration to check what a later one does to existing rows.
    migrations: options.migrations ?? migrations,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new QueryCounter(),
    logging: ['query'],
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'huzhu',
  });
}

/** The statement counter installed on every data source we create. */
export function queryCounterOf(dataSource: DataSource): QueryCounter {
  return dataSource.logger as QueryCounter;
}

/** True when every migration this build knows has been applied. */
export async function migrationsApplied(dataSource: DataSource): Promise<boolean> {
  const table = await dataSource.query(`SELECT to_regclass('schema_migration') AS t`);
  if (!table[0]?.t) return false;
  const rows: { name: string }[] = await dataSource.query('SELECT name FROM schema_migration');
  const applied = new Set(rows.map((row) => row.name));
  return migrations.every((migration) => applied.has(migration.name));
}
