import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Role } from '../../src/auth/role.ts';
import { signToken } from '../../src/auth/token.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { loadConfig } from '../../src/config.ts';
import { createBoss, startWorker } from '../../src/jobs/matching-jobs.ts';
import { createLogger } from '../../src/logger.ts';
import { startServer } from '../../src/server.ts';
import { Prng } from '../../seeds/prng.ts';

const CREATE_NEED = `mutation ($input: CreateNeedInput!) { createNeed(input: $input) { need { id } errors { field code message } } }`;
const SERVICES = [
  ['MEAL_DELIVERY', 30, '11:00', '12:30'],
  ['VISIT_CHECK', 45, '09:00', '17:00'],
  ['HOUSEKEEPING', 60, '08:00', '18:00'],
] as const;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * Minutes, not nights, measured: `createNeed` over HTTP to an API server whose own worker solves
 * the focused run on a warm thread (as `huzhu start` does), until the run has written its answer.
 * Prints each sample and p50 / p95 / slowest.
 */
export async function measureDayRuns(dataSource: DataSource, countyId: string, samples: number): Promise<void> {
  if (samples <= 0) return;
  const config = {
    ...loadConfig({ PORT: '0', HOST: '127.0.0.1', HUZHU_AUTO_MATCH: 'on', LOG_LEVEL: 'warn' }),
    databaseUrl: (dataSource.options as { url: string }).url,
  };
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const server = await startServer({ dataSource, config, secret, logger: createLogger('warn') });
  const boss = createBoss(config.databaseUrl!, (error) => console.log(`pg-boss: ${error.message}`));
  await boss.start();
  const worker = await startWorker(boss, dataSource, () => {}, { nightly: false, inThread: true });
  const token = await signToken(secret, { subject: 'bench:coordinator', role: Role.ADMIN });
  try {
    const elders: { id: string }[] = await dataSource.query(
      `SELECT p.id FROM person p WHERE p.county_id = $1 AND p.birth_year <= 1961
          AND NOT EXISTS (SELECT 1 FROM need n WHERE n.elder_id = p.id) ORDER BY p.id`,
      [countyId],
    );
    const random = new Prng(17);
    const times: number[] = [];
    console.log(
      `\nday-time runs: ${samples} needs entered one after another through createNeed (HTTP), each answered by a run focused on it`,
    );
    for (let i = 0; i < samples; i += 1) {
      const elder = elders.splice(Math.floor(random.next() * elders.length), 1)[0];
      const [service, minutes, from, to] = random.pick(SERVICES);
      const started = performance.now();
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: CREATE_NEED,
          variables: {
            input: {
              elderId: toGlobalId('Person', elder.id),
              serviceType: service,
              minutesPerOccurrence: minutes,
              startDate: '2026-12-07',
              recurrence: { kind: 'WEEKLY', weekdays: [1 + (i % 5)], windowStart: from, windowEnd: to },
            },
          },
        }),
      });
      const body = (await response.json()) as { data?: { createNeed: { need: { id: string } | null } } };
      const globalId = body.data?.createNeed.need?.id;
      if (!globalId) throw new Error(`createNeed failed: ${JSON.stringify(body)}`);
      const needId = Buffer.from(globalId, 'base64url').toString().split(':')[1];
      let run: { status: string; needs: number | null; proposals: number } | undefined;
      for (;;) {
        [run] = await dataSource.query(
          `SELECT r.status, (r.metrics->>'needs')::int AS needs,
                  (SELECT count(*)::int FROM match_proposal p WHERE p.run_id = r.id AND p.need_id = $1) AS proposals
             FROM match_run r WHERE r.focus_need_id = $1`,
          [needId],
        );
        if (run && (run.status === 'SUCCEEDED' || run.status === 'FAILED')) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const ms = performance.now() - started;
      times.push(ms);
      console.log(
        `  ${String(i + 1).padStart(2)}: ${(ms / 1000).toFixed(2)} s, ${run.status}, component of ${run.needs ?? 0} needs, ` +
          `${run.proposals > 0 ? 'a proposal' : 'no proposal (unmet list)'}`,
      );
    }
    const sorted = [...times].sort((a, b) => a - b);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `createNeed → answer: p50 ${s(percentile(sorted, 50))}, p95 ${s(percentile(sorted, 95))}, slowest ${s(sorted[sorted.length - 1])} ` +
        `(the first carries the run thread's cold start: HiGHS, solver threads)`,
    );
  } finally {
    await worker.stop();
    await boss.stop({ graceful: true, wait: true });
    await server.close();
  }
}
