import { Directive, Field, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { GraphQLDirective, GraphQLEnumType, GraphQLNonNull, DirectiveLocation } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.ts';

export type SensitiveCategory = 'IDENTITY' | 'HEALTH' | 'SOCIAL_ASSISTANCE' | 'SAFETY';

/** `@sensitive(category:)` marks personal-data fields in the SDL, for reviewers and for tests. */
export const sensitiveDirective = new GraphQLDirective({
  name: 'sensitive',
  description: "Personal data. Readable only by ADMIN and by coordinators of the record's region.",
  locations: [DirectiveLocation.FIELD_DEFINITION],
  args: {
    category: {
      type: new GraphQLNonNull(
        new GraphQLEnumType({
          name: 'SensitiveCategory',
          values: { IDENTITY: {}, HEALTH: {}, SOCIAL_ASSISTANCE: {}, SAFETY: {} },
        }),
      ),
    },
  },
});

/** Anything whose region decides who may see its sensitive fields. */
export interface RegionBound {
  regionId: string;
}

/**
 * A viewer without the right reads null, quietly: no error per field per row (a page of 100
 * people would carry hundreds). The response says once, in `extensions.redacted`, which fields
 * were withheld and how often (see `redactionNotice`).
 */
const guard: MiddlewareFn<Context> = async ({ root, context, info }, next) => {
  const region = await context.loaders.region.load((root as RegionBound).regionId);
  if (!region || !context.viewer.canSeeSensitive(region.path)) {
    context.redacted(`${info.parentType.name}.${info.fieldName}`);
    return null;
  }
  return next();
};

/** Adds `extensions.redacted` to a response in which sensitive fields were withheld. */
export function redactionNotice(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const withheld = contextValue?.withheld?.();
          if (!withheld || withheld.length === 0 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, redacted: withheld };
        },
      };
    },
  };
}

/** A nullable field that carries personal data: marked in the SDL and guarded by role and region. */
export function SensitiveField(
  type: () => unknown,
  category: SensitiveCategory,
  description: string,
): PropertyDecorator {
  return (target, key) => {
    Field(type as never, { nullable: true, description: `${description} (sensitive: ${category.toLowerCase()})` })(
      target,
      key,
    );
    Directive(`@sensitive(category: ${category})`)(target, key);
    UseMiddleware(guard)(target, key);
  };
}
