import { Role } from '../../src/auth/role.ts';
import { signToken } from '../../src/auth/token.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createBoss, startWorker } from '../../src/jobs/matching-jobs.ts';
import type { TestDatabase } from './database.ts';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
  extensions?: { redacted?: { field: string; count: number; reason: string }[]; [key: string]: unknown };
}

export interface TestServer {
  server: RunningServer;
  url: string;
  /** A signed token; `regionId` and `personId` are raw uuids, as tokens carry them. */
  token(role: Role, regionId?: string, personId?: string): Promise<string>;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** The `Type.field`s a response withheld as sensitive (its `extensions.redacted`), sorted. */
export function redactedFields(response: GraphQLResponse): string[] {
  return (response.extensions?.redacted ?? []).map((entry) => entry.field).sort();
}

export interface TestServerOptions {
  /**
   * Also run the matching worker in this process, as `huzhu start` does (runs queued from the
   * API are solved on a thread; no nightly schedule). Without it, queued runs wait.
   */
  worker?: boolean;
}

/**
 * The real HTTP server on a free port, in this process so tests can read the statement counter.
 * Needs entered through it queue no day-time run unless `env` turns HUZHU_AUTO_MATCH on.
 */
export async function startTestServer(
  db: TestDatabase,
  env: Record<string, string> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  const config = {
    ...loadConfig({ PORT: '0', HOST: '127.0.0.1', HUZHU_JWT_SECRET: TEST_SECRET, HUZHU_AUTO_MATCH: 'off', ...env }),
    databaseUrl: db.url,
  };
  const secret = new TextEncoder().encode(TEST_SECRET);
  const server = await startServer({
    dataSource: db.dataSource,
    config,
    secret,
    logger: createLogger(process.env.HUZHU_TEST_LOG ?? 'silent'),
  });
  const stopWorker = options.worker ? await startMatchingWorker(db, config.runLeaseMs) : async () => {};
  return {
    server,
    url: server.url,
    token: (role, regionId, personId) =>
      signToken(secret, {
        subject: `test:${role.toLowerCase()}`,
        role,
        regionId,
        personId,
      }),
    async gql(query, variables, token) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphQLResponse;
      return { ...body, status: response.status };
    },
    async close() {
      await stopWorker();
      await server.close();
    },
  };
}

async function startMatchingWorker(db: TestDatabase, leaseMs: number): Promise<() => Promise<void>> {
  const errors: Error[] = [];
  const boss = createBoss(db.url, (error) => errors.push(error));
  await boss.start();
  const worker = await startWorker(boss, db.dataSource, () => {}, { nightly: false, inThread: true, leaseMs });
  return async () => {
    await worker.stop();
    await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    if (errors.length > 0) throw new Error(`pg-boss: ${errors.map((error) => error.message).join('; ')}`);
  };
}
