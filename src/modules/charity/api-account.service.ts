import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Role } from '../../auth/role.ts';
import { idOfType, toGlobalId } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { Organisation } from '../organisation/organisation.entity.ts';
import { ApiAccount, ApiKey } from './api-account.entity.ts';
import type {
  CreateApiAccountInput,
  CreateApiKeyInput,
  RevokeApiKeyInput,
  RotateApiKeyInput,
  UpdateApiAccountInput,
} from './api-account.inputs.ts';
import type { IssuedApiKey } from './api-account.types.ts';
import { newApiKey } from './api-key.secret.ts';
import { PUBLIC_NEED_CHANNEL } from '../public-need/public-need.publish.ts';
import { viewerScope } from '../region/region.service.ts';

/** Accounts are opened and scoped by the county: its officials and the platform operator. */
const ACCOUNT_ROLES = [Role.ADMIN, Role.COUNTY_OFFICIAL];
/** Keys may also be rotated and revoked by the charity itself, for its own account. */
const KEY_ROLES = [...ACCOUNT_ROLES, Role.CHARITY];

async function checkRegions(
  ctx: Context,
  globalIds: string[],
  countyId: string,
  problems: Problems,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, globalId] of globalIds.entries()) {
    const id = idOfType(globalId, 'Region');
    const region = id ? await ctx.loaders.region.load(id) : undefined;
    if (!region || !ctx.viewer.covers(region.path))
      problems.add(`regionIds.${index}`, UserErrorCode.NOT_FOUND, 'No region with this id in your scope');
    else if (region.countyId !== countyId)
      problems.add(`regionIds.${index}`, UserErrorCode.OUT_OF_SCOPE, "The region is outside the organisation's county");
    else ids.push(region.id);
  }
  return [...new Set(ids)];
}

/** The account, when the viewer may administer it (its county) or is its charity. */
async function manageableAccount(
  ctx: Context,
  globalId: string,
  charityMayAct: boolean,
): Promise<ApiAccount | undefined> {
  const id = idOfType(globalId, 'ApiAccount');
  const account = id ? await ctx.em.findOneBy(ApiAccount, { id }) : null;
  if (!account) return undefined;
  if (ctx.viewer.role === Role.CHARITY)
    return charityMayAct && ctx.viewer.claims?.charity?.accountId === account.id ? account : undefined;
  const county = await ctx.loaders.region.load(account.countyId);
  return county && ctx.viewer.canWrite(county.path) ? account : undefined;
}

export function createApiAccount(ctx: Context, input: CreateApiAccountInput): Promise<MutationResult<ApiAccount>> {
  return runMutation(ctx, {
    action: 'createApiAccount',
    input,
    roles: ACCOUNT_ROLES,
    uniqueConstraints: { api_account_organisation_id_key: 'organisationId' },
    reload: (id) => ctx.em.findOneBy(ApiAccount, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const orgId = idOfType(input.organisationId, 'Organisation');
      const organisation = orgId ? await ctx.em.findOneBy(Organisation, { id: orgId }) : null;
      const county = organisation ? await ctx.loaders.region.load(organisation.countyId) : undefined;
      if (!organisation || !county || !ctx.viewer.canWrite(county.path)) {
        problems.add(
          'organisationId',
          UserErrorCode.NOT_FOUND,
          'No organisation with this id in a county you administer',
        );
        return undefined;
      }
      if (await ctx.em.existsBy(ApiAccount, { organisationId: organisation.id })) {
        problems.add(
          'organisationId',
          UserErrorCode.DUPLICATE,
          'This organisation already has an API account: add a key to it instead',
        );
      }
      const regionIds = await checkRegions(ctx, input.regionIds, organisation.countyId, problems);
      if (problems.any) return undefined;
      return async () => {
        const account = await openAccount(ctx.em, ctx.viewer.subject, {
          countyId: organisation.countyId,
          organisationId: organisation.id,
          regionIds,
          serviceTypes: input.serviceTypes,
          requestsPerMinute: input.requestsPerMinute,
        });
        return {
          result: account,
          entityType: 'ApiAccount',
          entityId: account.id,
          countyId: account.countyId,
          changedFields: ['organisationId', 'regionIds', 'serviceTypes', 'requestsPerMinute'],
        };
      };
    },
  });
}

export function updateApiAccount(ctx: Context, input: UpdateApiAccountInput): Promise<MutationResult<ApiAccount>> {
  return runMutation(ctx, {
    action: 'updateApiAccount',
    input,
    roles: ACCOUNT_ROLES,
    reload: (id) => ctx.em.findOneBy(ApiAccount, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const account = await manageableAccount(ctx, input.id, false);
      if (!account) {
        problems.add('id', UserErrorCode.NOT_FOUND, 'No API account with this id in a county you administer');
        return undefined;
      }
      const regionIds = input.regionIds
        ? await checkRegions(ctx, input.regionIds, account.countyId, problems)
        : undefined;
      if (problems.any) return undefined;
      return async () => {
        await ctx.em.update(
          ApiAccount,
          { id: account.id },
          {
            ...(regionIds ? { regionIds } : {}),
            ...(input.serviceTypes ? { serviceTypes: [...new Set(input.serviceTypes)] } : {}),
            ...(input.requestsPerMinute != null ? { requestsPerMinute: input.requestsPerMinute } : {}),
            ...(input.suspended != null
              ? { suspendedAt: input.suspended ? (account.suspendedAt ?? new Date()) : null }
              : {}),
          },
        );
        if (input.suspended) await wakeFeeds(ctx);
        const updated = await ctx.em.findOneByOrFail(ApiAccount, { id: account.id });
        const changed = ['regionIds', 'serviceTypes', 'requestsPerMinute', 'suspended'].filter(
          (key) => (input as unknown as Record<string, unknown>)[key] != null,
        );
        return {
          result: updated,
          entityType: 'ApiAccount',
          entityId: account.id,
          countyId: account.countyId,
          changedFields: changed,
        };
      };
    },
  });
}

/** Open subscriptions check their keys when the feed wakes: a revoked key's streams end at once. */
async function wakeFeeds(ctx: Context): Promise<void> {
  await ctx.em.query("SELECT pg_notify($1, '')", [PUBLIC_NEED_CHANNEL]);
}

/** Issues a key on an account: the secret is returned once and only its hash is stored. Also used by `huzhu charity-key`. */
export async function issueKey(
  em: EntityManager,
  actor: string,
  accountId: string,
  label: string | null,
  expiresAt: Date | null,
): Promise<{ key: ApiKey; secret: string }> {
  const { prefix, secret, hash } = newApiKey();
  const id = crypto.randomUUID();
  await em.insert(ApiKey, { id, accountId, prefix, secretHash: hash, label, expiresAt, createdBy: actor });
  return { key: await em.findOneByOrFail(ApiKey, { id }), secret };
}

/** Opens an organisation's API account (checked by the caller). Also used by `huzhu charity-key`. */
export async function openAccount(
  em: EntityManager,
  actor: string,
  account: Pick<ApiAccount, 'countyId' | 'organisationId' | 'regionIds' | 'serviceTypes'> & {
    requestsPerMinute?: number;
  },
): Promise<ApiAccount> {
  const id = crypto.randomUUID();
  await em.insert(ApiAccount, { ...account, id, serviceTypes: [...new Set(account.serviceTypes)], createdBy: actor });
  return em.findOneByOrFail(ApiAccount, { id });
}

const reloadIssued =
  (ctx: Context) =>
  async (id: string): Promise<IssuedApiKey | undefined> => {
    const key = await ctx.em.findOneBy(ApiKey, { id });
    return key ? { apiKey: key, secret: null } : undefined;
  };

export function createApiKey(ctx: Context, input: CreateApiKeyInput): Promise<MutationResult<IssuedApiKey>> {
  return runMutation(ctx, {
    action: 'createApiKey',
    input,
    roles: ACCOUNT_ROLES,
    reload: reloadIssued(ctx),
    check: async (problems) => {
      const account = await manageableAccount(ctx, input.accountId, false);
      if (!account)
        problems.add('accountId', UserErrorCode.NOT_FOUND, 'No API account with this id in a county you administer');
      if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
        problems.add('expiresAt', UserErrorCode.OUT_OF_RANGE, 'expiresAt must be in the future');
      if (problems.any || !account) return undefined;
      return async () => {
        const { key, secret } = await issueKey(
          ctx.em,
          ctx.viewer.subject,
          account.id,
          input.label?.trim() || null,
          input.expiresAt ?? null,
        );
        return {
          result: { apiKey: key, secret },
          entityType: 'ApiKey',
          entityId: key.id,
          countyId: account.countyId,
          changedFields: ['label', 'expiresAt'],
        };
      };
    },
  });
}

async function manageableKey(
  ctx: Context,
  globalId: string,
  problems: Problems,
): Promise<{ key: ApiKey; account: ApiAccount } | undefined> {
  const id = idOfType(globalId, 'ApiKey');
  const key = id ? await ctx.em.findOneBy(ApiKey, { id }) : null;
  const account = key ? await manageableAccount(ctx, toGlobalId('ApiAccount', key.accountId), true) : undefined;
  if (!key || !account) {
    problems.add('id', UserErrorCode.NOT_FOUND, 'No API key with this id that you manage');
    return undefined;
  }
  if (!key.active) {
    problems.add('id', UserErrorCode.CONFLICT, 'This key is already revoked or expired');
    return undefined;
  }
  return { key, account };
}

export function rotateApiKey(ctx: Context, input: RotateApiKeyInput): Promise<MutationResult<IssuedApiKey>> {
  return runMutation(ctx, {
    action: 'rotateApiKey',
    input,
    roles: KEY_ROLES,
    reload: reloadIssued(ctx),
    check: async (problems) => {
      const found = await manageableKey(ctx, input.id, problems);
      if (!found) return undefined;
      return async () => {
        const overlapEnds = new Date(Date.now() + input.overlapHours * 3_600_000);
        const ends = found.key.expiresAt && found.key.expiresAt < overlapEnds ? found.key.expiresAt : overlapEnds;
        await ctx.em.update(
          ApiKey,
          { id: found.key.id },
          input.overlapHours === 0 ? { revokedAt: new Date() } : { expiresAt: ends },
        );
        const { key, secret } = await issueKey(ctx.em, ctx.viewer.subject, found.account.id, found.key.label, null);
        return {
          result: { apiKey: key, secret },
          entityType: 'ApiKey',
          entityId: key.id,
          countyId: found.account.countyId,
          changedFields: ['rotatedFrom'],
        };
      };
    },
  });
}

export function revokeApiKey(ctx: Context, input: RevokeApiKeyInput): Promise<MutationResult<ApiKey>> {
  return runMutation(ctx, {
    action: 'revokeApiKey',
    input,
    roles: KEY_ROLES,
    reload: (id) => ctx.em.findOneBy(ApiKey, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const found = await manageableKey(ctx, input.id, problems);
      if (!found) return undefined;
      return async () => {
        await ctx.em.update(ApiKey, { id: found.key.id }, { revokedAt: new Date() });
        await wakeFeeds(ctx);
        const key = await ctx.em.findOneByOrFail(ApiKey, { id: found.key.id });
        return {
          result: key,
          entityType: 'ApiKey',
          entityId: key.id,
          countyId: found.account.countyId,
          changedFields: ['revokedAt'],
        };
      };
    },
  });
}

/** Accounts of the counties the viewer administers (ADMIN: all). */
export async function listApiAccounts(ctx: Context): Promise<ApiAccount[]> {
  ctx.viewer.assertRole(ACCOUNT_ROLES);
  const region = await viewerScope(ctx);
  if (!region) return ctx.em.find(ApiAccount, { order: { createdAt: 'ASC' }, take: 1000 });
  return ctx.em.find(ApiAccount, { where: { countyId: region.countyId }, order: { createdAt: 'ASC' }, take: 1000 });
}
