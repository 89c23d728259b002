import { rawAndEntities } from '../db/hydrate.ts';
import { ArgsType, ClassType, Field, Int, ObjectType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from './errors.ts';

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => Boolean)
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** Forwards only: for feeds read in one direction (the charities' public needs). */
@ArgsType()
export class ForwardPageArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'Page size, 1 to the server maximum (100 by default). Defaults to 20.',
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last row of the previous page.' })
  after?: string | null;
}

/** Both directions, the Relay way: `first`/`after` forwards, `last`/`before` backwards. */
@ArgsType()
export class PageArgs extends ForwardPageArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'Backwards: the page size counted back from `before` (or from the end). Not with `first`.',
  })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Backwards: cursor of the first row of the next page.' })
  before?: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A getter: the count query runs only when the field is asked for. */
  readonly totalCount: Promise<number>;
}

/** `XConnection` and `XEdge` types for a node type, the Relay way. */
export function ConnectionType<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => node)
    node: T;

    @Field(() => String)
    cursor: string;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'Rows matching the filter, across all pages.' })
    totalCount: number;
  }
  return ConnectionClass;
}

/**
 * The one cursor format: base64url of `<kind>:<value>`, so that a cursor of one list is refused
 * (with the argument named) by another. Connections use kind `c1` (a row key); the charities'
 * event feed uses `e1` (an outbox position).
 */
export function cursorCodec(kind: string, valid: RegExp = /^[\s\S]+$/, argument = 'after') {
  const prefix = `${kind}:`;
  return {
    encode(value: string | bigint): string {
      return Buffer.from(prefix + String(value), 'utf8').toString('base64url');
    },
    decode(cursor: string): string {
      const text = Buffer.from(cursor, 'base64url').toString('utf8');
      const value = text.slice(prefix.length);
      if (!text.startsWith(prefix) || !valid.test(value)) throw badInput(argument, 'The cursor is not valid here');
      return value;
    },
  };
}

const rowCursor = cursorCodec('c1');

export function encodeCursor(value: string): string {
  return rowCursor.encode(value);
}

export function decodeCursor(cursor: string): string {
  return rowCursor.decode(cursor);
}

export function pageSize(first: number | null | undefined, max: number, argument = 'first'): number {
  if (first == null) return Math.min(20, max);
  if (first < 1 || first > max) throw badInput(argument, `${argument} must be between 1 and ${max}, got ${first}`);
  return first;
}

/**
 * How a list is ordered for keyset pagination: SQL expressions whose values, together, are unique
 * per row (the last is usually the id), in one direction. The cursor's values are read from the
 * row by `values`, or, without it, selected beside the row (for computed keys such as a priority).
 */
export interface SortKey<T> {
  columns: string[];
  values?: (row: T) => (string | number)[];
  descending?: boolean;
}

/** A raw sort value as a cursor carries it. */
function cursorValue(value: unknown): string | number {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'number' ? value : String(value);
}

/**
 * Keyset pagination over a unique, ordered key (one column, or several compared as a row value).
 * Two statements at most: the page (one row extra to learn whether another page follows) and,
 * if asked, the total.
 */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  args: PageArgs,
  options: ({ column: string; key: (row: T) => string } | { sort: SortKey<T> }) & { maxPageSize: number },
): Promise<Connection<T>> {
  const sort: SortKey<T> =
    'sort' in options ? options.sort : { columns: [options.column], values: (row) => [options.key(row)] };
  const { backwards, size, cursor } = pageRequest(args, options.maxPageSize);
  const descending = backwards ? !sort.descending : Boolean(sort.descending);
  const page = query.clone();
  if (cursor) {
    const values = cursorValues(cursor, sort.columns.length, cursorArgument(backwards));
    const params = Object.fromEntries(values.map((value, i) => [`__cursor${i}`, value]));
    const placeholders = values.map((_, i) => `:__cursor${i}`).join(', ');
    page.andWhere(`(${sort.columns.join(', ')}) ${descending ? '<' : '>'} (${placeholders})`, params);
  }
  const direction = descending ? 'DESC' : 'ASC';
  sort.columns.forEach((column, i) => (i === 0 ? page.orderBy(column, direction) : page.addOrderBy(column, direction)));
  // In parentheses: a bare `alias.column` would replace the entity's own selection of that column.
  if (!sort.values) sort.columns.forEach((column, i) => page.addSelect(`(${column})`, `__sort${i}`));
  const { entities, raw } = await rawAndEntities(page.limit(size + 1));
  const read = sort.values;
  const rows = entities.map((node, index) => ({
    node,
    values: read ? read(node) : sort.columns.map((_, i) => cursorValue(raw[index][`__sort${i}`])),
  }));
  const { kept, pageInfo } = pageOf(rows, size, backwards, cursor, (row) => cursorOf(row.values));
  return {
    edges: kept.map(({ row, cursor: rowCursor }) => ({ node: row.node, cursor: rowCursor })),
    pageInfo,
    get totalCount() {
      return query.clone().getCount();
    },
  };
}

/** What a page asks for: forwards (`first`/`after`) or backwards (`last`/`before`), checked. */
export function pageRequest(
  args: PageArgs,
  maxPageSize: number,
): { backwards: boolean; size: number; cursor: string | null | undefined } {
  if (args.first != null && args.last != null) throw badInput('last', 'Ask for first or last, not both');
  // Backwards (last/before) is forwards over the reversed order, read back in the list's order.
  const backwards = args.last != null || Boolean(args.before);
  if (backwards && args.after) throw badInput('after', 'after goes with first; use before with last');
  const size = backwards ? pageSize(args.last, maxPageSize, 'last') : pageSize(args.first, maxPageSize, 'first');
  return { backwards, size, cursor: backwards ? args.before : args.after };
}

/** The argument a cursor came in, for errors. */
export function cursorArgument(backwards: boolean): 'before' | 'after' {
  return backwards ? 'before' : 'after';
}

/**
 * A page from rows fetched one beyond `size` in the direction of travel: the rows in the list's
 * order, each with its cursor, and the page info.
 */
export function pageOf<R>(
  rows: R[],
  size: number,
  backwards: boolean,
  cursor: string | null | undefined,
  cursorOfRow: (row: R) => string,
): { kept: { row: R; cursor: string }[]; pageInfo: PageInfo } {
  const more = rows.length > size;
  const kept = rows.slice(0, size);
  if (backwards) kept.reverse();
  const withCursors = kept.map((row) => ({ row, cursor: cursorOfRow(row) }));
  return {
    kept: withCursors,
    pageInfo: {
      hasNextPage: backwards ? Boolean(cursor) : more,
      hasPreviousPage: backwards ? more : Boolean(cursor),
      startCursor: withCursors[0]?.cursor ?? null,
      endCursor: withCursors.at(-1)?.cursor ?? null,
    },
  };
}

/** One value: the value itself (the cursors of single-column lists stay as they were); several: JSON. */
function cursorOf(values: (string | number)[]): string {
  return encodeCursor(values.length === 1 ? String(values[0]) : JSON.stringify(values));
}

function cursorValues(cursor: string, count: number, argument: string): (string | number)[] {
  const text = cursorCodec('c1', undefined, argument).decode(cursor);
  if (count === 1) return [text];
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch {
    values = undefined;
  }
  if (
    !Array.isArray(values) ||
    values.length !== count ||
    values.some((v) => typeof v !== 'string' && typeof v !== 'number')
  )
    throw badInput(argument, 'The cursor is not valid here');
  return values as (string | number)[];
}
