import type { DataSource } from 'typeorm';
import type { Config } from '../config.ts';
import { createDataSource } from './data-source.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.ts';

export interface Database {
  dataSource: DataSource;
  /** Where it lives, without the password, for messages. */
  description: string;
  close(): Promise<void>;
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'the configured PostgreSQL';
  }
}

/** DATABASE_URL when set, otherwise the embedded PostgreSQL under the data folder. */
export async function openDatabase(
  config: Config,
  log: (message: string) => void,
  poolSize?: number,
): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      database: 'huzhu',
      log,
    });
    url = embedded.url;
  }
  const dataSource = createDataSource({ url, poolSize });
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.stop();
    throw new Error(`Cannot connect to PostgreSQL at ${describeUrl(url)}: ${(error as Error).message}`);
  }
  return {
    dataSource,
    description: embedded
      ? `embedded PostgreSQL (${describeUrl(url)}, data in ${embedded.pgDir})`
      : `PostgreSQL at ${describeUrl(url)}`,
    close: async () => {
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
