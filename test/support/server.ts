import { Role } from '../../src/auth/role.ts';
import { signToken } from '../../src/auth/token.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import type { TestDatabase } from './database.ts';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface TestServer {
  server: RunningServer;
  url: string;
  /** A signed token; `regionId` and `personId` are raw uuids, as tokens carry them. */
  token(role: Role, regionId?: string, personId?: string): Promise<string>;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** The real HTTP server on a free port, in this process so tests can read the statement counter. */
export async function startTestServer(db: TestDatabase, env: Record<string, string> = {}): Promise<TestServer> {
  const config = {
    ...loadConfig({ PORT: '0', HOST: '127.0.0.1', HUZHU_JWT_SECRET: TEST_SECRET, ...env }),
    databaseUrl: db.url,
  };
  const secret = new TextEncoder().encode(TEST_SECRET);
  const server = await startServer({
    dataSource: db.dataSource,
    config,
    secret,
    logger: createLogger(process.env.HUZHU_TEST_LOG ?? 'silent'),
  });
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
    close: () => server.close(),
  };
}
