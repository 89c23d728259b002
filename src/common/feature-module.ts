import type { EntityManager } from 'typeorm';
import type { BatchWaves } from './loader.ts';

/** What a feature contributes to the GraphQL schema: resolver classes and types no resolver returns directly. */
export interface SchemaPart {
  resolvers: readonly (new (...args: never[]) => unknown)[];
  types?: readonly (new (...args: never[]) => unknown)[];
}

/**
 * One registration per feature folder (src/modules/registry.ts lists them): the tables it owns,
 * the request loaders it offers, and its part of the schema. The schema part is imported lazily,
 * so that a CLI command or a worker that only needs entities and loaders (building a request
 * context) never loads a resolver.
 */
export interface FeatureModule<L extends object = object> {
  name: string;
  /** TypeORM entities of the tables this module writes; no other module writes them. */
  entities?: readonly (new (...args: never[]) => unknown)[];
  /**
   * Tables the module writes by set-based SQL only, with no entity, each with the reason. Every
   * table in the database is owned by exactly one module, through an entity or here (a test checks).
   */
  rawTables?: readonly { table: string; why: string }[];
  loaders?: (waves: BatchWaves, em: () => EntityManager) => L;
  schema?: () => Promise<SchemaPart>;
}

export function defineModule<L extends object = object>(module: FeatureModule<L>): FeatureModule<L> {
  return module;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The merged loaders of a list of modules, as one object type. */
export type LoadersOfModules<M extends readonly FeatureModule<object>[]> = UnionToIntersection<
  M[number] extends infer E ? (E extends FeatureModule<infer L> ? L : never) : never
>;
