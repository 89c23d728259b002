import path from 'node:path';
import type { QueryLimits } from './common/query-limits.ts';

/** Everything the process reads from its environment, parsed and checked once. */
export interface Config {
  /** Project data folder: embedded PostgreSQL, generated JWT secret. */
  dataDir: string;
  /** When set, this PostgreSQL is used and no embedded one is started. */
  databaseUrl: string | undefined;
  embeddedPgPort: number;
  port: number;
  host: string;
  jwtSecret: string | undefined;
  logLevel: string;
  /** Largest `first` a connection accepts. */
  maxPageSize: number;
  /** NODE_ENV=production: webhooks must be HTTPS; otherwise http://localhost is allowed too. */
  production: boolean;
  webhooks: WebhookConfig;
  queryLimits: QueryLimits;
  /** A match run's lease: its process renews it while it works; lapsed, the run is abandoned. */
  runLeaseMs: number;
  /**
   * Connections the API keeps to PostgreSQL (HUZHU_DB_POOL_SIZE, default 10). One Node process
   * saturates its core long before ten statements wait at once (issue #14's measurements); the
   * worker's pg-boss keeps 4 more and each NOTIFY listener one.
   */
  dbPoolSize: number;
  /**
   * The time the platform lives in: the real clock, or a fixed instant from HUZHU_CLOCK (an ISO
   * time, e.g. 2026-12-10T20:00:00+08:00) so that tests and demos run visit generation and the
   * MISSED rule on a chosen day, never by sleeping.
   */
  now: () => Date;
  /** When the nightly matching runs, as cron in Asia/Shanghai (HUZHU_MATCH_CRON). */
  matchCron: string;
  /** Browser origins allowed to call the API (CORS), exact `scheme://host[:port]`; none by default (HUZHU_CORS_ORIGINS). */
  corsOrigins: string[];
  /** A need entered or reopened queues a run focused on it (HUZHU_AUTO_MATCH=on, the default; off: it waits for the night). */
  autoMatch: boolean;
  /** Who may introspect the schema: everyone (development), signed-in callers (default), or nobody. */
  introspection: IntrospectionPolicy;
}

export type IntrospectionPolicy = 'open' | 'signed-in' | 'off';

/** Webhook delivery: exponential backoff from `retryBaseMs`, capped at `retryMaxMs`, given up after `giveUpAfterMs`. */
export interface WebhookConfig {
  retryBaseMs: number;
  retryMaxMs: number;
  giveUpAfterMs: number;
  timeoutMs: number;
  /** Days the outbox keeps events (subscribers may resume from a cursor within them). */
  retentionDays: number;
}

export class ConfigError extends Error {}

/** Long enough for the engine's longest synchronous stretch on a county-sized input, renewed every quarter. */
export const DEFAULT_RUN_LEASE_SECONDS = 300;

function clockFrom(env: NodeJS.ProcessEnv): () => Date {
  const fixed = env.HUZHU_CLOCK;
  if (!fixed) return () => new Date();
  const instant = new Date(fixed);
  if (Number.isNaN(instant.getTime()) || !/T.*(Z|[+-]\d\d:?\d\d)$/.test(fixed))
    throw new ConfigError(
      `HUZHU_CLOCK must be an ISO time with its offset (2026-12-10T20:00:00+08:00), got "${fixed}"`,
    );
  return () => new Date(instant);
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

/** A comma-separated list of exact origins (`https://console.example.org`); each must be an origin, nothing more. */
function originsFrom(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name];
  if (!raw) return [];
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      let origin: string | undefined;
      try {
        origin = new URL(entry).origin;
      } catch {
        origin = undefined;
      }
      if (!origin || origin !== entry || !/^https?:/.test(entry))
        throw new ConfigError(
          `${name} lists origins like https://console.example.org (no path, no slash at the end), got "${entry}"`,
        );
      return origin;
    });
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new ConfigError(`${name} must be "on" or "off", got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const secret = env.HUZHU_JWT_SECRET;
  if (secret !== undefined && secret !== '' && secret.length < 32) {
    throw new ConfigError('HUZHU_JWT_SECRET must be at least 32 characters long');
  }
  const introspection = (env.HUZHU_INTROSPECTION ||
    (env.NODE_ENV === 'development' ? 'open' : 'signed-in')) as IntrospectionPolicy;
  if (!['open', 'signed-in', 'off'].includes(introspection)) {
    throw new ConfigError(`HUZHU_INTROSPECTION must be open, signed-in or off, got "${introspection}"`);
  }
  const maxPageSize = intFrom(env, 'HUZHU_MAX_PAGE_SIZE', 100, 1, 10_000);
  return {
    dataDir: path.resolve(env.HUZHU_DATA_DIR || path.join(process.cwd(), '.huzhu')),
    databaseUrl: env.DATABASE_URL || undefined,
    embeddedPgPort: intFrom(env, 'HUZHU_PG_PORT', 54329, 1024, 65535),
    port: intFrom(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    jwtSecret: secret || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    maxPageSize,
    production: env.NODE_ENV === 'production',
    webhooks: {
      retryBaseMs: intFrom(env, 'HUZHU_WEBHOOK_RETRY_BASE_MS', 30_000, 100, 3_600_000),
      retryMaxMs: intFrom(env, 'HUZHU_WEBHOOK_RETRY_MAX_MS', 6 * 3_600_000, 100, 24 * 3_600_000),
      // Three days of retries by default: a receiver down over a weekend night still gets everything.
      giveUpAfterMs: intFrom(env, 'HUZHU_WEBHOOK_GIVE_UP_AFTER_MS', 72 * 3_600_000, 1000, 30 * 24 * 3_600_000),
      timeoutMs: intFrom(env, 'HUZHU_WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
      retentionDays: intFrom(env, 'HUZHU_OUTBOX_RETENTION_DAYS', 30, 4, 3650),
    },
    queryLimits: {
      maxDepth: intFrom(env, 'HUZHU_MAX_QUERY_DEPTH', 12, 2, 100),
      maxAliases: intFrom(env, 'HUZHU_MAX_QUERY_ALIASES', 30, 0, 10_000),
      maxDirectives: intFrom(env, 'HUZHU_MAX_QUERY_DIRECTIVES', 50, 0, 10_000),
      maxTokens: intFrom(env, 'HUZHU_MAX_QUERY_TOKENS', 5_000, 100, 1_000_000),
      maxCost: intFrom(env, 'HUZHU_MAX_QUERY_COST', 100_000, 100, 100_000_000),
      unpagedListSize: intFrom(env, 'HUZHU_QUERY_COST_LIST_SIZE', 10, 1, 10_000),
      defaultPageSize: Math.min(20, maxPageSize),
      maxExecutionMs: intFrom(env, 'HUZHU_MAX_EXECUTION_MS', 10_000, 1, 600_000),
      maxResolvedFields: intFrom(env, 'HUZHU_MAX_RESOLVED_FIELDS', 200_000, 10, 100_000_000),
    },
    introspection,
    matchCron: env.HUZHU_MATCH_CRON || '0 2 * * *',
    autoMatch: onOff(env, 'HUZHU_AUTO_MATCH', true),
    corsOrigins: originsFrom(env, 'HUZHU_CORS_ORIGINS'),
    runLeaseMs: intFrom(env, 'HUZHU_RUN_LEASE_SECONDS', DEFAULT_RUN_LEASE_SECONDS, 2, 86_400) * 1000,
    dbPoolSize: intFrom(env, 'HUZHU_DB_POOL_SIZE', 10, 1, 500),
    now: clockFrom(env),
  };
}
