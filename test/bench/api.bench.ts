/**
 * `npm run bench:api` — the GraphQL API under load, as a coordinator's console uses it: a fresh
 * demo county (12 villages, seed 1, as the first `npm start` makes it), `huzhu start` in its own
 * process (worker included, logs at info to /dev/null), and autocannon in this one sending each
 * query from 100 connections for 20 s with an admin token. Prints req/s, p50, p97.5, p99, the
 * ratio of each query's throughput to the trivial query's, and the SQL statements one request
 * of each sends (counted on an in-process server over the same database: the statements TypeORM
 * sends, transaction statements included). Ratios are the figure to compare: they are taken in
 * one run on one machine.
 *
 * Options (environment): BENCH_API_SECONDS=20  BENCH_API_CONNECTIONS=100  BENCH_VILLAGES=12
 * BENCH_API_ONLY=people,needs (a comma list of query names)  BENCH_DATABASE_URL (an admin URL;
 * default: a throwaway embedded PostgreSQL)
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Role } from '../../src/auth/role.ts';
import { signToken } from '../../src/auth/token.ts';
import { loadConfig } from '../../src/config.ts';
import { queryCounterOf } from '../../src/db/data-source.ts';
import { createLogger } from '../../src/logger.ts';
import { startServer } from '../../src/server.ts';
import { seedCounty } from '../../seeds/index.ts';
import { openBenchDatabase } from './database.ts';
import { loadFooter, machineHeader } from './machine.ts';

const seconds = Number(process.env.BENCH_API_SECONDS ?? 20);
const connections = Number(process.env.BENCH_API_CONNECTIONS ?? 100);
const villages = Number(process.env.BENCH_VILLAGES ?? 12);
const only = process.env.BENCH_API_ONLY?.split(',').map((s) => s.trim());
const SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Case {
  name: string;
  label: string;
  /** The request body for the i-th request (mutations vary their target). */
  body(i: number): string;
}

const query = (q: string, variables?: Record<string, unknown>) => JSON.stringify({ query: q, variables });

function cases(personIds: string[]): Case[] {
  return [
    { name: 'trivial', label: '`{ viewer { role } }`', body: () => query('{ viewer { role } }') },
    {
      name: 'people',
      label: '`people(first: 20)` with `household { members { name } }` and `relationships { kind other { name } }`',
      body: () =>
        query(`{ people(first: 20) { edges { node { id name household { code members { name } }
          relationships { kind other { name } } } } } }`),
    },
    {
      name: 'needs',
      label: '`needs(first: 20)` with elder and village',
      body: () =>
        query(`{ needs(first: 20) { edges { node { id serviceType status elder { name } region { name } } } } }`),
    },
    {
      name: 'updatePerson',
      label: '`updatePerson` (one field)',
      body: (i: number) =>
        query(
          'mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { person { id leftBehind } errors { field message } } }',
          { input: { id: personIds[i % personIds.length], leftBehind: i % 2 === 0 } },
        ),
    },
  ].filter((c) => !only || only.includes(c.name));
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not become healthy in 120 s');
}

function run(url: string, token: string, c: Case, duration: number): Promise<autocannon.Result> {
  let i = 0;
  return autocannon({
    url,
    connections,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (request) => ({ ...request, body: c.body(i++) }) }],
  });
}

console.log(
  machineHeader(`API benchmark: ${villages} villages (seed 1), ${connections} connections × ${seconds} s per query`),
);
const db = await openBenchDatabase('huzhu-bench-api');
console.log(`database: ${db.where}`);
let child: ChildProcess | undefined;
try {
  let started = performance.now();
  const summary = await seedCounty(db.dataSource, { villages, seed: 1 });
  console.log(
    `seeded ${summary.people.toLocaleString('en')} people, ${summary.needs.toLocaleString('en')} needs in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await db.dataSource.query('VACUUM ANALYZE');
  const personIds: string[] = (await db.dataSource.query('SELECT id FROM person ORDER BY name, id LIMIT 500')).map(
    (r: { id: string }) => r.id,
  );
  const secret = new TextEncoder().encode(SECRET);
  const token = await signToken(secret, { subject: 'bench:admin', role: Role.ADMIN }, '1h');
  const list = cases(personIds);

  // Statements per request, on an in-process server over the same database (warm: the second request).
  const config = {
    ...loadConfig({ PORT: '0', HOST: '127.0.0.1', HUZHU_JWT_SECRET: SECRET, HUZHU_AUTO_MATCH: 'off' }),
    databaseUrl: db.url,
  };
  const counting = await startServer({ dataSource: db.dataSource, config, secret, logger: createLogger('silent') });
  const statements = new Map<string, number>();
  const counter = queryCounterOf(db.dataSource);
  for (const c of list) {
    for (let round = 0; round < 2; round++) {
      counter.reset();
      const response = await fetch(counting.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: c.body(round),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(`${c.name} answered errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
    }
    statements.set(c.name, counter.count);
  }
  await counting.close();

  const port = await freePort();
  child = spawn(process.execPath, ['bin/huzhu.js', 'start'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      HUZHU_JWT_SECRET: SECRET,
      HUZHU_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'huzhu-bench-api-')),
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  started = performance.now();
  await waitForHealth(`http://127.0.0.1:${port}/healthz`, child);
  console.log(`huzhu start (pid ${child.pid}) healthy after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const url = `http://127.0.0.1:${port}/graphql`;

  const rows: string[] = [];
  let trivial = 0;
  for (const c of list) {
    await run(url, token, c, 3); // warm-up: JIT, pool, plans
    const result = await run(url, token, c, seconds);
    const bad = result.non2xx + result.errors + result.timeouts;
    const rps = result.requests.average;
    if (c.name === 'trivial') trivial = rps;
    const ratio = trivial ? `${((rps / trivial) * 100).toFixed(0)} %` : 'n/a';
    const p = result.latency;
    rows.push(
      `| ${c.label} | ${Math.round(rps).toLocaleString('en')} | ${p.p50} ms | ${p.p97_5} ms | ${p.p99} ms | ${(p.p99 / Math.max(p.p50, 1)).toFixed(1)} | ${ratio} | ${statements.get(c.name)} |` +
        (bad ? ` ${bad} failed |` : ''),
    );
    console.log(rows.at(-1));
  }
  console.log('\n| query | req/s | p50 | p97.5 | p99 | p99/p50 | of trivial | SQL statements |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
} finally {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  }
  await db.close();
  console.log(loadFooter());
}
