import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';

export interface BenchDatabase {
  dataSource: DataSource;
  /** The bench database's URL. */
  url: string;
  /** Where it runs, for the header: "embedded PostgreSQL 18 (throwaway)" or the admin URL's host. */
  where: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A fresh, migrated database for a bench: in BENCH_DATABASE_URL's server (an admin URL) if set,
 * else in a throwaway embedded PostgreSQL on this machine. Dropped again by `close()`.
 */
export async function openBenchDatabase(applicationName: string): Promise<BenchDatabase> {
  let adminUrl = process.env.BENCH_DATABASE_URL;
  let where = adminUrl ? `PostgreSQL at ${new URL(adminUrl).host} (BENCH_DATABASE_URL)` : '';
  let stopEmbedded = async () => {};
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huzhu-bench-'));
    fs.chmodSync(dataDir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    adminUrl = embedded.url;
    where = 'a throwaway embedded PostgreSQL on this machine (same cores)';
    stopEmbedded = async () => {
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const name = `huzhu_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const [{ server_version: version }] = (await admin.query('SHOW server_version')).rows as { server_version: string }[];
  where = `${where}, PostgreSQL ${version}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataSource = createDataSource({ url: url.toString(), poolSize: 8, applicationName });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    dataSource,
    url: url.toString(),
    where,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      await stopEmbedded();
    },
  };
}
