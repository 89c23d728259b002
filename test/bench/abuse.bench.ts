/**
 * `npm run bench:abuse` — abusive queries against a real `huzhu serve` process (its own event
 * loop, as in production) on a seeded demo county: how fast each is refused, and how /healthz
 * answers while they arrive in a loop from several connections, against /healthz on an idle
 * server in the same run (the ratio is the figure to read; absolute times depend on the machine).
 *
 * Options (environment): BENCH_VILLAGES=12  BENCH_SECONDS=10 (per phase)  BENCH_SENDERS=8
 * BENCH_DATABASE_URL (an admin URL; default: a throwaway embedded PostgreSQL)
 */
import 'reflect-metadata';
import { Role } from '../../src/auth/role.ts';
import { signToken } from '../../src/auth/token.ts';
import { seedCounty } from '../../seeds/index.ts';
import { kill, serve } from '../support/processes.ts';
import { TEST_SECRET } from '../support/server.ts';
import { openBenchDatabase } from './database.ts';
import { loadFooter, machineHeader } from './machine.ts';

const villages = Number(process.env.BENCH_VILLAGES ?? 12);
const phaseMs = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const senders = Number(process.env.BENCH_SENDERS ?? 8);

function nested(levels: number): string {
  let inner = 'name';
  for (let i = 0; i < levels; i += 1) inner = `name household { members { ${inner} } }`;
  return `query Nested { people(first: 100) { edges { node { ${inner} } } } }`;
}
const aliases = (n: number) =>
  `query Aliases { ${Array.from({ length: n }, (_, i) => `p${i}: people(first: 100) { totalCount }`).join(' ')} }`;
const ABUSE: Record<string, string> = {
  'households nested 12 times': nested(12),
  'households nested 6 times': nested(6),
  'households nested 4 times (cost)': nested(4),
  '100 aliases of people(first: 100)': aliases(100),
  '1,000 aliases of people(first: 100)': aliases(1000),
};

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (x: number) => `${x.toFixed(1)} ms`;

function summary(times: number[]): { p50: number; p99: number; text: string } {
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = quantile(sorted, 0.5);
  const p99 = quantile(sorted, 0.99);
  return { p50, p99, text: `n ${times.length}, p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(sorted.at(-1)!)}` };
}

async function timed(run: () => Promise<Response>): Promise<{ ms: number; response: Response }> {
  const started = performance.now();
  const response = await run();
  await response.arrayBuffer();
  return { ms: performance.now() - started, response };
}

console.log(
  machineHeader(`abuse benchmark: ${villages} villages (seed 1), ${senders} senders, ${phaseMs / 1000} s per phase`),
);
const db = await openBenchDatabase('huzhu-bench-abuse');
console.log(`database: ${db.where}`);
const server = await serve(db.url, { HUZHU_JWT_SECRET: TEST_SECRET });
try {
  await seedCounty(db.dataSource, { villages, seed: 1 });
  const token = await signToken(
    new TextEncoder().encode(TEST_SECRET),
    { subject: 'bench:admin', role: Role.ADMIN },
    '1h',
  );
  const health = server.url.replace('/graphql', '/healthz');
  const post = (query: string) =>
    fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });

  console.log('\nrefusal of each abusive query (sent one at a time, 50 times):');
  for (const [name, query] of Object.entries(ABUSE)) {
    const times: number[] = [];
    let code = '';
    for (let i = 0; i < 50; i += 1) {
      const { ms: took, response } = await timed(() => post(query));
      times.push(took);
      if (i === 0)
        code = `${response.status} ${((await post(query).then((r) => r.json())) as { errors?: { extensions?: { code?: string; limit?: string } }[] }).errors?.map((e) => `${e.extensions?.code}${e.extensions?.limit ? `/${e.extensions.limit}` : ''}`).join(', ')}`;
    }
    console.log(`  ${name.padEnd(38)} ${code.padEnd(32)} ${summary(times).text}`);
  }

  const probeHealth = async (untilMs: number): Promise<number[]> => {
    const times: number[] = [];
    while (performance.now() < untilMs) {
      times.push((await timed(() => fetch(health))).ms);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return times;
  };

  const idle = summary(await probeHealth(performance.now() + phaseMs));
  console.log(`\n/healthz, idle server:                   ${idle.text}`);

  const queries = Object.values(ABUSE);
  let sent = 0;
  const end = performance.now() + phaseMs;
  const loop = async (offset: number) => {
    for (let i = offset; performance.now() < end; i += 1) {
      await (await post(queries[i % queries.length])).arrayBuffer();
      sent += 1;
    }
  };
  const [busy] = await Promise.all([probeHealth(end), ...Array.from({ length: senders }, (_, i) => loop(i))]);
  const loaded = summary(busy);
  console.log(`/healthz while ${senders} senders loop the abusive queries: ${loaded.text}`);
  console.log(
    `abusive queries refused meanwhile: ${sent.toLocaleString('en')} (${Math.round(sent / (phaseMs / 1000)).toLocaleString('en')}/s)`,
  );
  console.log(
    `ratio /healthz p50 under abuse / idle: ${(loaded.p50 / idle.p50).toFixed(2)}; p99: ${(loaded.p99 / idle.p99).toFixed(2)}`,
  );
} finally {
  await kill(server.child, 'SIGTERM');
  await db.close();
  console.log(loadFooter());
}
