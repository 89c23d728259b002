import { spawn, spawnSync, type ChildProcess, type SpawnSyncOptionsWithStringEncoding } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIRST_QUERY } from '../../src/cli/first-query.ts';
import { serverDataDir } from '../../src/db/embedded.ts';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/huzhu.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huzhu-e2e-'));
fs.chmodSync(dataDir, 0o755);
/** Process-group leaders this file started: each huzhu command, and each embedded PostgreSQL they ran. */
const groups: number[] = [];
const servers: number[] = [];
const pgDir = serverDataDir(dataDir);

/**
 * The embedded PostgreSQL now running on this test's data, if any. It runs in a process group of
 * its own (its pid), apart from the huzhu process that started it.
 */
function postmaster(): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function cli(args: string[], env: Record<string, string> = {}) {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  // Its own process group too: a command that needs the database starts the embedded PostgreSQL.
  // (spawnSync honours `detached` like spawn does; @types/node leaves it out of its options.)
  const options = {
    cwd: root,
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: 120_000,
    detached: true,
  } as SpawnSyncOptionsWithStringEncoding;
  const result = spawnSync(process.execPath, [bin, ...args], options);
  if (result.pid) groups.push(result.pid);
  const server = postmaster();
  if (server) servers.push(server);
  return result;
}

interface Started {
  child: ChildProcess;
  url: string;
  token: string;
  output: () => string;
}

/** Runs `huzhu start` as a newcomer would and waits for its banner. */
function start(env: Record<string, string>): Promise<Started> {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  // A process group of its own, so that afterAll can end exactly what this test started.
  const child = spawn(process.execPath, [bin, 'start'], {
    cwd: root,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  groups.push(child.pid!);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start timed out:\n${out}\n${err}`)), 240_000);
    child.on('exit', (code) => reject(new Error(`start exited with ${code}:\n${out}\n${err}`)));
    const check = setInterval(() => {
      const match = /serving GraphQL at (\S+)[\s\S]*Admin token \(7 days\):\n(\S+)/.exec(out);
      if (match) {
        clearInterval(check);
        clearTimeout(timer);
        const server = postmaster();
        if (server) servers.push(server);
        resolve({ child, url: match[1], token: match[2], output: () => out + err });
      }
    }, 50);
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

async function query(url: string, token: string, text: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: text }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

/** Live (not zombie) members of process group `pgid`, from /proc; by signal 0 where there is no /proc. */
function groupMembers(pgid: number): number[] {
  if (!fs.existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const members: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it ended meanwhile
    }
    // pid (comm) state ppid pgrp …; comm may contain spaces, so split after its closing parenthesis.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') members.push(Number(entry));
  }
  return members;
}

async function until(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** Ends a group this test started: SIGINT (huzhu and PostgreSQL both shut down cleanly on it), then SIGKILL. */
async function endGroup(pgid: number): Promise<void> {
  if (groupMembers(pgid).length === 0) return;
  signalGroup(pgid, 'SIGINT');
  if (await until(() => groupMembers(pgid).length === 0, 15_000)) return;
  signalGroup(pgid, 'SIGKILL');
  await until(() => groupMembers(pgid).length === 0, 5_000);
}

/** Whether `pid` is (still) the PostgreSQL serving this test's data, not a process that reused its pid. */
function isOurServer(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(pgDir);
  } catch {
    return !fs.existsSync('/proc/self') && groupMembers(pid).length > 0;
  }
}

afterAll(async () => {
  // The huzhu processes first (they stop their own server on SIGINT), then any server left over,
  // e.g. one orphaned by the `kill -9` below when the restart that clears it never came.
  for (const pgid of groups) await endGroup(pgid);
  const last = postmaster();
  const ours = [...new Set([...servers, ...(last ? [last] : [])])].filter(isOurServer);
  for (const pid of ours) await endGroup(pid);
  const left = [...groups.flatMap((pgid) => groupMembers(pgid)), ...ours.flatMap((pid) => groupMembers(pid))];
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (!path.resolve(pgDir).startsWith(path.resolve(dataDir) + path.sep))
    fs.rmSync(path.dirname(pgDir), { recursive: true, force: true });
  expect(left, 'processes this test started are still running').toEqual([]);
});

describe('the huzhu command', () => {
  it('prints usage and exits 2 on bad arguments', () => {
    for (const args of [
      [],
      ['launch'],
      ['seed', '--villages', 'many'],
      ['start', '--bogus'],
      ['token'],
      ['serve', '--villages', '3'],
    ]) {
      const result = cli(args);
      expect(result.status, `huzhu ${args.join(' ')}`).toBe(2);
      expect(result.stderr).toContain('Usage: huzhu <command>');
    }
    const help = cli(['help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('emit-schema');
  });

  it('starts on an embedded PostgreSQL, seeds a county, serves the printed query, and restarts on the same data', async () => {
    const env = {
      HUZHU_DATA_DIR: dataDir,
      HUZHU_PG_PORT: String(await freePort()),
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
    const first = await start(env);
    expect(first.output()).toContain('seeding a demo county');
    const answer = await query(first.url, first.token, FIRST_QUERY);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.viewer.role).toBe('ADMIN');
    expect(answer.data.regions.totalCount).toBe(12);
    expect(answer.data.people.totalCount).toBeGreaterThan(10_000);
    expect(answer.data.people.edges).toHaveLength(3);
    const health = await fetch(first.url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
    expect(await stop(first.child)).toBe(0);

    // A token for a village coordinator, by region code, from the CLI.
    const village = answer.data.regions.edges[0].node;
    const minted = cli(['token', '--role', 'COORDINATOR', '--region', village.code], env);
    expect(minted.status, minted.stderr).toBe(0);

    const began = performance.now();
    const second = await start(env);
    const restartMs = performance.now() - began;
    expect(second.output()).not.toContain('seeding');
    const scoped = await query(
      second.url,
      minted.stdout.trim(),
      '{ viewer { role region { code } } people { totalCount } regions(kind: VILLAGE) { totalCount } }',
    );
    expect(scoped.data.viewer).toEqual({ role: 'COORDINATOR', region: { code: village.code } });
    expect(scoped.data.regions.totalCount).toBe(1);
    expect(scoped.data.people.totalCount).toBeLessThan(answer.data.people.totalCount);
    console.log(`second start ready in ${Math.round(restartMs)} ms`);

    // kill -9 leaves the embedded PostgreSQL orphaned; the next start must clear it.
    await stop(second.child, 'SIGKILL');
    const third = await start(env);
    expect(
      (await query(third.url, first.token, '{ regions(kind: VILLAGE) { totalCount } }')).data.regions.totalCount,
    ).toBe(12);
    expect(await stop(third.child)).toBe(0);
  });
});
