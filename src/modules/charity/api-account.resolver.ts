import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import { ApiAccount, ApiKey, ApiKeyUse } from './api-account.entity.ts';
import {
  CreateApiAccountInput,
  CreateApiAccountPayload,
  CreateApiKeyInput,
  IssueApiKeyPayload,
  RevokeApiKeyInput,
  RevokeApiKeyPayload,
  RotateApiKeyInput,
  UpdateApiAccountInput,
  UpdateApiAccountPayload,
} from './api-account.inputs.ts';
import { ScopeRegion } from './api-account.types.ts';
import {
  createApiAccount,
  createApiKey,
  listApiAccounts,
  revokeApiKey,
  rotateApiKey,
  updateApiAccount,
} from './api-account.service.ts';

@Resolver(() => ApiAccount)
export class ApiAccountResolver {
  @Query(() => [ApiAccount], { description: "County officials and ADMIN: the charities' API accounts of your county." })
  apiAccounts(@Ctx() ctx: Context): Promise<ApiAccount[]> {
    return listApiAccounts(ctx);
  }

  @Query(() => ApiAccount, { description: 'Charities: your own account, its scope and keys.' })
  charityAccount(@Ctx() ctx: Context): Promise<ApiAccount> {
    const charity = ctx.viewer.requireCharity();
    return ctx.em.findOneByOrFail(ApiAccount, { id: charity.accountId });
  }

  @FieldResolver(() => ID)
  organisationId(@Root() account: ApiAccount): string {
    return toGlobalId('Organisation', account.organisationId);
  }

  @FieldResolver(() => String)
  async organisationName(@Root() account: ApiAccount, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.organisation.load(account.organisationId))?.name ?? '';
  }

  @FieldResolver(() => [ScopeRegion], {
    description: 'Regions whose shared needs the charity sees, subtrees included.',
  })
  async regions(@Root() account: ApiAccount, @Ctx() ctx: Context): Promise<ScopeRegion[]> {
    const regions = await ctx.loaders.region.loadMany(account.regionIds);
    return regions.flatMap((r) => (r && !(r instanceof Error) ? [{ code: r.code, name: r.name, kind: r.kind }] : []));
  }

  @FieldResolver(() => [ApiKey])
  keys(@Root() account: ApiAccount, @Ctx() ctx: Context): Promise<ApiKey[]> {
    return ctx.em.find(ApiKey, { where: { accountId: account.id }, order: { createdAt: 'ASC' } });
  }

  @FieldResolver(() => [ApiKeyUse], {
    description: "The latest uses of the account's keys, newest first (the audit trail).",
  })
  recentUses(
    @Root() account: ApiAccount,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: Context,
  ): Promise<ApiKeyUse[]> {
    return ctx.em.find(ApiKeyUse, {
      where: { accountId: account.id },
      order: { id: 'DESC' },
      take: Math.min(Math.max(first, 1), 500),
    });
  }

  @Mutation(() => CreateApiAccountPayload, {
    description: "Opens a charity's API account; then issue a key with createApiKey.",
  })
  createApiAccount(@Arg('input', () => CreateApiAccountInput) input: CreateApiAccountInput, @Ctx() ctx: Context) {
    return createApiAccount(ctx, input);
  }

  @Mutation(() => UpdateApiAccountPayload)
  updateApiAccount(@Arg('input', () => UpdateApiAccountInput) input: UpdateApiAccountInput, @Ctx() ctx: Context) {
    return updateApiAccount(ctx, input);
  }

  @Mutation(() => IssueApiKeyPayload, { description: 'Issues a key; its secret is in this response only.' })
  createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: Context) {
    return createApiKey(ctx, input);
  }

  @Mutation(() => IssueApiKeyPayload, {
    description:
      'Issues a replacement key; the old one works for the overlap, then stops. A charity may rotate its own keys.',
  })
  rotateApiKey(@Arg('input', () => RotateApiKeyInput) input: RotateApiKeyInput, @Ctx() ctx: Context) {
    return rotateApiKey(ctx, input);
  }

  @Mutation(() => RevokeApiKeyPayload, { description: 'Stops a key at once. A charity may revoke its own keys.' })
  revokeApiKey(@Arg('input', () => RevokeApiKeyInput) input: RevokeApiKeyInput, @Ctx() ctx: Context) {
    return revokeApiKey(ctx, input);
  }
}
