import { Directive, Field, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { GraphQLDirective, GraphQLEnumType, GraphQLNonNull, DirectiveLocation } from 'graphql';
import { forbidden } from '../common/errors.ts';
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

const guard: MiddlewareFn<Context> = async ({ root, context }, next) => {
  const region = await context.loaders.region.load((root as RegionBound).regionId);
  if (!region || !context.viewer.canSeeSensitive(region.path)) {
    throw forbidden('Sensitive field: only ADMIN and coordinators of this region may read it');
  }
  return next();
};

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
