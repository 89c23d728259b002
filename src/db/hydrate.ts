import type {
  EntityManager,
  EntityMetadata,
  EntityTarget,
  ObjectLiteral,
  QueryRunner,
  SelectQueryBuilder,
} from 'typeorm';

/**
 * Entities from plain rows without TypeORM's query builder and result transformer: a loader's
 * batch names its columns once (from the entity's metadata) and turns each row into the entity
 * with the driver's own per-column conversion (`prepareHydratedValue`: enums, enum arrays,
 * dates). For a batch of 86 people this halves the CPU of `findBy` (issue #14, measured with
 * scratch micro-benchmarks: 4.7 → 2.6 ms); `test/integration/hydrate.test.ts` checks that every
 * entity comes out deep-equal to what `findBy` gives.
 *
 * Only for entities made of plain columns (no relations, embeddeds or transformers — none of
 * ours has them); anything else is refused when its reader is built.
 */
interface Reader<T> {
  select: string;
  hydrate(row: Record<string, unknown>, prefix?: string): T;
}

const readers = new WeakMap<EntityMetadata, Reader<unknown>>();

function readerOf<T>(em: EntityManager, metadata: EntityMetadata): Reader<T> {
  const known = readers.get(metadata);
  if (known) return known as Reader<T>;
  if (metadata.relations.length > 0 || metadata.embeddeds.length > 0 || metadata.columns.some((c) => c.transformer))
    throw new Error(`${metadata.name} has relations, embeddeds or transformers: load it through TypeORM`);
  const driver = em.connection.driver;
  const columns = metadata.columns.map((column) => ({
    column,
    name: column.databaseName,
    property: column.propertyName,
  }));
  const reader: Reader<T> = {
    select: `SELECT ${columns.map((c) => `"${c.name}"`).join(', ')} FROM "${metadata.tableName}"`,
    hydrate(row, prefix = '') {
      const entity = metadata.create() as Record<string, unknown>;
      for (const { column, name, property } of columns) {
        const value = row[prefix + name];
        if (value !== undefined) entity[property] = driver.prepareHydratedValue(value, column);
      }
      return entity as T;
    },
  };
  readers.set(metadata, reader);
  return reader;
}

/** `SELECT <the entity's columns> FROM <its table> WHERE <where> [ORDER BY …]`, as entities. */
export async function selectEntities<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  where: string,
  params: unknown[],
): Promise<T[]> {
  const reader = readerOf<T>(em, em.connection.getMetadata(entity));
  const rows: Record<string, unknown>[] = await em.query(`${reader.select} WHERE ${where}`, params);
  return rows.map((row) => reader.hydrate(row));
}

/**
 * Runs a query builder whose selection is its main entity (plus computed columns added with
 * `addSelect`; joins only filter): the raw rows, and the entities read from them as above.
 * What `getRawAndEntities` gives, without its result transformer.
 */
export async function rawAndEntities<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
): Promise<{ entities: T[]; raw: Record<string, unknown>[] }> {
  const main = query.expressionMap.mainAlias!;
  if (query.expressionMap.joinAttributes.some((join) => join.isSelected))
    throw new Error('rawAndEntities reads the main entity only; a join selects another');
  const [sql, params] = query.getQueryAndParameters();
  // The builder's own query runner: inside a transaction, the transaction's connection.
  const runner = (query as unknown as { queryRunner?: QueryRunner }).queryRunner;
  const raw: Record<string, unknown>[] = await query.connection.query(sql, params, runner);
  const reader = readerOf<T>(query.connection.manager, main.metadata);
  return { entities: raw.map((row) => reader.hydrate(row, `${main.name}_`)), raw };
}
