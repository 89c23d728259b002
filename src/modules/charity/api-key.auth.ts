import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import type { CharityClaims } from '../../auth/viewer.ts';
import { KeyChannel, KeyUseOutcome } from './api-account.entity.ts';
import { hashApiKey, prefixOf, sameHash } from './api-key.secret.ts';

const invalidKey = () =>
  new GraphQLError('The API key is not valid', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

interface KeyRow {
  id: string;
  prefix: string;
  secret_hash: Buffer;
  expired: boolean;
  revoked_at: Date | null;
  account_id: string;
  organisation_id: string;
  county_id: string;
  region_ids: string[];
  service_types: string[];
  requests_per_minute: number;
  suspended_at: Date | null;
}

/**
 * Checks an API key and spends one request of its per-minute allowance (fixed one-minute
 * windows in PostgreSQL, so the limit holds across every API process). A refused key is
 * UNAUTHENTICATED; an exhausted allowance is RATE_LIMITED with HTTP 429 and Retry-After.
 */
export async function authenticateApiKey(
  dataSource: DataSource,
  secret: string,
  channel: KeyChannel,
): Promise<CharityClaims> {
  const prefix = prefixOf(secret);
  if (!prefix) throw invalidKey();
  const rows: KeyRow[] = await dataSource.query(
    `SELECT k.id, k.prefix, k.secret_hash, k.expires_at IS NOT NULL AND k.expires_at <= now() AS expired, k.revoked_at,
            a.id AS account_id, a.organisation_id, a.county_id, a.region_ids, a.service_types::text[] AS service_types,
            a.requests_per_minute, a.suspended_at
       FROM api_key k JOIN api_account a ON a.id = k.account_id WHERE k.prefix = $1`,
    [prefix],
  );
  const key = rows[0];
  if (!key || !sameHash(key.secret_hash, hashApiKey(secret))) throw invalidKey();
  if (key.revoked_at)
    throw new GraphQLError('The API key was revoked', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  if (key.expired)
    throw new GraphQLError('The API key has expired', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  if (key.suspended_at)
    throw new GraphQLError('The account is suspended', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });

  const [spent]: { requests: number; retry_after: number }[] = await dataSource.query(
    `WITH spent AS (
       INSERT INTO api_key_window (key_id, window_start, requests) VALUES ($1, date_trunc('minute', now()), 1)
       ON CONFLICT (key_id, window_start) DO UPDATE SET requests = api_key_window.requests + 1 RETURNING requests
     ), touched AS (UPDATE api_key SET last_used_at = now() WHERE id = $1)
     SELECT requests, ceil(extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now()))::int AS retry_after FROM spent`,
    [key.id],
  );
  if (Math.random() < 0.01)
    await dataSource.query(`DELETE FROM api_key_window WHERE window_start < now() - interval '1 hour'`);
  if (spent.requests > key.requests_per_minute) {
    await recordKeyUse(
      dataSource,
      { keyId: key.id, accountId: key.account_id },
      channel,
      null,
      [],
      KeyUseOutcome.RATE_LIMITED,
    );
    const retryAfter = Math.max(spent.retry_after, 1);
    throw new GraphQLError(
      `Rate limit of ${key.requests_per_minute} requests a minute reached for key ${key.prefix}; retry in ${retryAfter} s`,
      {
        extensions: {
          code: 'RATE_LIMITED',
          retryAfterSeconds: retryAfter,
          http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) },
        },
      },
    );
  }
  return {
    keyId: key.id,
    keyPrefix: key.prefix,
    accountId: key.account_id,
    organisationId: key.organisation_id,
    countyId: key.county_id,
    regionIds: key.region_ids,
    serviceTypes: key.service_types,
  };
}

/** The audit trail of a key: one row per operation, without arguments or results. */
export async function recordKeyUse(
  dataSource: DataSource,
  key: { keyId: string; accountId: string },
  channel: KeyChannel,
  operation: string | null,
  fields: string[],
  outcome: KeyUseOutcome,
): Promise<void> {
  await dataSource.query(
    'INSERT INTO api_key_use (key_id, account_id, channel, operation, fields, outcome) VALUES ($1, $2, $3, $4, $5, $6)',
    [key.keyId, key.accountId, channel, operation?.slice(0, 100) ?? null, fields.slice(0, 20), outcome],
  );
}
