import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Browsers: CORS for the configured origins only, and Apollo's CSRF prevention for the rest. */
let db: TestDatabase;
let open: TestServer;
let closed: TestServer;
const CONSOLE = 'https://console.example.org';

beforeAll(async () => {
  db = await createTestDatabase();
  closed = await startTestServer(db);
  open = await startTestServer(db, { HUZHU_CORS_ORIGINS: `${CONSOLE}, http://localhost:5173` });
});

afterAll(async () => {
  await open?.close();
  await closed?.close();
  await db?.drop();
});

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, authorization',
    },
  });

describe('CORS', () => {
  it('answers a preflight from a configured origin, and lets its requests be read', async () => {
    const answer = await preflight(open.url, CONSOLE);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(answer.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const response = await fetch(open.url, {
      method: 'POST',
      headers: { origin: CONSOLE, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(CONSOLE);
  });

  it('gives no other origin, and no origin at all by default, the right to read', async () => {
    for (const [server, origin] of [
      [open, 'https://evil.example'],
      [closed, CONSOLE],
    ] as const) {
      const answer = await preflight(server.url, origin);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it("keeps Apollo's CSRF prevention: a simple GET without a preflight header is refused", async () => {
    const response = await fetch(`${open.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF|preflight/i);
  });

  it('refuses a configured origin that is not an origin', () => {
    expect(() => loadConfig({ HUZHU_CORS_ORIGINS: 'https://console.example.org/' })).toThrow(ConfigError);
    expect(() => loadConfig({ HUZHU_CORS_ORIGINS: 'console.example.org' })).toThrow(ConfigError);
  });
});
