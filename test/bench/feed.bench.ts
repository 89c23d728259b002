/**
 * `npm run bench:feed` — the charities' feed on a generated county, on a real PostgreSQL:
 * publishing at seed time, the nightly re-check of every need (nothing changed), re-publishing
 * after every shared need changed, the subscription fan-out (accounts × subscribers reading the
 * outbox through `NeedFeed.follow` in this process: the feed's database reads and filtering, not
 * GraphQL over WebSocket — no graphql-ws clients, no network), and webhook delivery through
 * pg-boss to a local receiver. There is no reference implementation to compare with; numbers only.
 * Prints the machine and its load average first and last.
 *
 * Options (environment): BENCH_VILLAGES=12  BENCH_SUBSCRIBERS=20 (per account)
 * BENCH_WEBHOOK_TIME_LIMIT=1800 (seconds; past it the webhook phase stops and says how far it got)
 * BENCH_DATABASE_URL (an admin URL; default: a throwaway embedded PostgreSQL)
 */
import { createLogger } from '../../src/logger.ts';
import 'reflect-metadata';
import crypto from 'node:crypto';
import { createBoss } from '../../src/jobs/matching-jobs.ts';
import { startWebhookWorker } from '../../src/jobs/webhook-jobs.ts';
import { newApiKey } from '../../src/modules/charity/api-key.secret.ts';
import { NeedFeed } from '../../src/modules/public-need/need-feed.ts';
import { publishNeedChanges } from '../../src/modules/public-need/public-need.publish.ts';
import { seedCounty } from '../../seeds/index.ts';
import { startReceiver } from '../support/webhook-receiver.ts';
import { openBenchDatabase } from './database.ts';
import { loadFooter, machineHeader } from './machine.ts';

const villages = Number(process.env.BENCH_VILLAGES ?? 12);
const subscribersPerAccount = Number(process.env.BENCH_SUBSCRIBERS ?? 20);
const hookLimitS = Number(process.env.BENCH_WEBHOOK_TIME_LIMIT ?? 1800);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')}/s`;
const n = (x: number) => x.toLocaleString('en');

console.log(
  machineHeader(
    `feed benchmark: ${villages} villages (seed 7), ${subscribersPerAccount} subscribers per account, webhook phase time limit ${hookLimitS} s`,
  ),
);
const db = await openBenchDatabase('huzhu-bench');
console.log(`database: ${db.where}`);
const { dataSource } = db;
const url = new URL(db.url);

try {
  let started = performance.now();
  const summary = await seedCounty(dataSource, { villages, seed: 7 });
  const seedMs = performance.now() - started;
  console.log(
    `seed incl. consent and publishing: ${n(summary.people)} people (${n(summary.elders)} elders), ${n(summary.relationships)} ties, ` +
      `${n(summary.organisations)} organisations, ${n(summary.helpers)} helpers, ${n(summary.needs)} needs, ${n(summary.sharingConsents)} consents, ` +
      `${n(summary.publishedNeeds)} published, ${seconds(seedMs)} in all; peak RSS of this process so far ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GB`,
  );

  const needIds: string[] = (await dataSource.query('SELECT id FROM need ORDER BY id')).map(
    (r: { id: string }) => r.id,
  );
  const publishAll = async () => {
    let events = 0;
    for (let i = 0; i < needIds.length; i += 5000)
      events += await dataSource.transaction((em) => publishNeedChanges(em, needIds.slice(i, i + 5000)));
    return events;
  };
  started = performance.now();
  const unchanged = await publishAll();
  const recheckMs = performance.now() - started;
  console.log(
    `re-check of every need, nothing changed: ${needIds.length.toLocaleString('en')} needs, ${unchanged} events, ${seconds(recheckMs)} (${rate(needIds.length, recheckMs)})`,
  );

  await dataSource.query(
    `UPDATE need SET window_end = window_end + interval '1 minute' WHERE id IN (SELECT need_id FROM public_need WHERE visible)`,
  );
  started = performance.now();
  const changed = await publishAll();
  const changedMs = performance.now() - started;
  console.log(
    `re-publish after every shared need changed: ${changed.toLocaleString('en')} events in ${seconds(changedMs)} (${rate(changed, changedMs)})`,
  );

  // One account per township (its clinic) and one county-wide (the volunteer association).
  const organisations: { id: string; region_id: string; kind: string; county_id: string }[] = await dataSource.query(
    `SELECT o.id, o.region_id, o.kind, o.county_id FROM organisation o JOIN region r ON r.id = o.region_id WHERE o.kind IN ('CLINIC', 'SOCIAL_ORGANISATION') AND r.kind IN ('TOWNSHIP', 'COUNTY')
      AND (o.kind = 'CLINIC' OR o.name LIKE '%志愿者协会') ORDER BY o.name`,
  );
  const accounts: string[] = [];
  const keys = new Map<string, string>();
  for (const organisation of organisations) {
    const id = crypto.randomUUID();
    await dataSource.query(
      `INSERT INTO api_account (id, county_id, organisation_id, region_ids, service_types, requests_per_minute, created_by)
       VALUES ($1, $2, $3, $4, enum_range(NULL::service_type), 100000, 'bench')`,
      [id, organisation.county_id, organisation.id, [organisation.region_id]],
    );
    const key = newApiKey();
    const keyId = crypto.randomUUID();
    await dataSource.query(
      `INSERT INTO api_key (id, account_id, prefix, secret_hash, created_by) VALUES ($1, $2, $3, $4, 'bench')`,
      [keyId, id, key.prefix, key.hash],
    );
    accounts.push(id);
    keys.set(id, keyId);
  }
  const [{ total }] = await dataSource.query('SELECT count(*)::int AS total FROM public_need_event');
  const perAccount: { id: string; n: number }[] = await dataSource.query(
    `SELECT a.id, count(e.*)::int AS n FROM api_account a LEFT JOIN public_need_event e ON charity_covers(a.region_ids, a.service_types, e.region_path, e.service_type) GROUP BY a.id`,
  );
  const expected = perAccount.reduce((sum, a) => sum + a.n * subscribersPerAccount, 0);

  const feed = new NeedFeed(dataSource, console, 60_000);
  let received = 0;
  started = performance.now();
  const readers = accounts.flatMap((account) =>
    Array.from({ length: subscribersPerAccount }, async () => {
      const want = perAccount.find((a) => a.id === account)!.n;
      let got = 0;
      if (want === 0) return;
      for await (const _event of feed.follow(account, keys.get(account)!, 0n, () => true)) {
        received += 1;
        got += 1;
        if (got === want) break;
      }
    }),
  );
  await Promise.all(readers);
  const fanMs = performance.now() - started;
  await feed.stop();
  console.log(
    `subscription fan-out, in process (NeedFeed.follow loops reading the outbox; no GraphQL, no WebSocket, no network): ${total.toLocaleString('en')} outbox events, ${accounts.length} accounts × ${subscribersPerAccount} subscribers, ` +
      `${received.toLocaleString('en')} of ${expected.toLocaleString('en')} deliveries in ${seconds(fanMs)} (${rate(received, fanMs)})`,
  );

  // Webhooks: one endpoint per account, a local receiver that answers 200.
  const receiver = await startReceiver();
  for (const account of accounts) {
    await dataSource.query(
      `INSERT INTO webhook_endpoint (id, account_id, url, secret, event_types, created_by) VALUES ($1, $2, $3, 'whsec_bench', '{NEED_PUBLISHED,NEED_UPDATED}', 'bench')`,
      [crypto.randomUUID(), account, receiver.url],
    );
  }
  const deliveries = perAccount.reduce((sum, a) => sum + a.n, 0);
  const boss = createBoss(url.toString(), (error) => console.error(`pg-boss: ${error.message}`));
  await boss.start();
  started = performance.now();
  const worker = await startWebhookWorker(
    boss,
    dataSource,
    { retryBaseMs: 1000, retryMaxMs: 10_000, giveUpAfterMs: 3_600_000, timeoutMs: 10_000, retentionDays: 30 },
    { logger: createLogger('error'), pollMs: 1000 },
  );
  let hookLimited = false;
  try {
    await receiver.until((requests) => requests.length >= deliveries, hookLimitS * 1000);
  } catch {
    hookLimited = true;
  }
  const hookMs = performance.now() - started;
  const delivered = receiver.requests.length;
  const hookCell = `${hookLimited ? `time limit ${hookLimitS} s reached: ` : ''}${n(delivered)} of ${n(deliveries)} in ${seconds(hookMs)} (${rate(delivered, hookMs)})`;
  console.log(`webhooks (dispatch + signed POST + log): ${hookCell}`);
  await worker.stop();
  await boss.stop({ graceful: false, wait: true });
  await receiver.close();
  console.log(
    `\n| villages | needs | shared | re-check, nothing changed | re-publish, all changed | fan-out, in process | webhooks |`,
  );
  console.log(
    `| ${villages} | ${n(summary.needs)} | ${n(summary.publishedNeeds)} | ${seconds(recheckMs)} (${rate(needIds.length, recheckMs)} needs) | ${n(changed)} events in ${seconds(changedMs)} | ` +
      `${n(received)} in ${seconds(fanMs)} (${accounts.length} accounts × ${subscribersPerAccount} subscribers) | ${hookCell} |`,
  );
} finally {
  await db.close();
}
console.log(`\n${loadFooter()}`);
