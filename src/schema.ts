import 'reflect-metadata';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { lexicographicSortSchema, specifiedDirectives, type GraphQLSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { sensitiveDirective } from './auth/sensitive.ts';
import type { SchemaPart } from './common/feature-module.ts';
import { featureModules } from './modules/registry.ts';

let cached: Promise<GraphQLSchema> | undefined;

/**
 * Validation is done by each mutation (see common/mutation.ts) so that input problems come
 * back as payload `errors` with the field named, rather than as a thrown argument error.
 */
export function createSchema(): Promise<GraphQLSchema> {
  cached ??= buildFromModules();
  return cached;
}

async function buildFromModules(): Promise<GraphQLSchema> {
  const parts = await Promise.all(featureModules.map((module) => module.schema?.()));
  const resolvers = parts.flatMap((part) => part?.resolvers ?? []);
  return buildSchema({
    resolvers: resolvers as unknown as NonEmptyArray<SchemaPart['resolvers'][number]>,
    // Types reached only through an interface (Node) or a union: named so that they are emitted.
    orphanedTypes: parts.flatMap((part) => [...(part?.types ?? [])]) as SchemaPart['resolvers'][number][],
    // The specified directives (@include, @skip, @deprecated, @specifiedBy) stay: a front end needs them.
    directives: [...specifiedDirectives, sensitiveDirective],
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: false,
    emitSchemaFile: false,
    // Every subscription brings its own `subscribe` (fed from the database, so that any API
    // process can serve any subscriber); type-graphql still insists on a pub/sub to hold.
    pubSub: {
      publish: () => {
        throw new Error('Publish through the database, not in process');
      },
      subscribe: () => {
        throw new Error('Subscriptions here declare their own subscribe');
      },
    },
  });
}

/**
 * The SDL committed at schema/schema.graphql, with our directives on their fields. Sorted, so
 * that it does not depend on the order in which modules happened to load (the CLI and the
 * test runner load them differently).
 */
export function printSdl(schema: GraphQLSchema): string {
  const sdl = printSchemaWithDirectives(lexicographicSortSchema(schema));
  return sdl.endsWith('\n') ? sdl : `${sdl}\n`;
}
