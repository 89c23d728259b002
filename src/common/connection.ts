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

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'Page size, 1 to the server maximum (100 by default). Defaults to 20.',
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last row of the previous page.' })
  after?: string | null;
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

export function pageSize(first: number | null | undefined, max: number): number {
  if (first == null) return Math.min(20, max);
  if (first < 1 || first > max) throw badInput('first', `first must be between 1 and ${max}, got ${first}`);
  return first;
}

/**
 * How a list is ordered for keyset pagination: SQL expressions whose values, together, are unique
 * per row (the last is usually the id), read from a row by `values`, in one direction.
 */
export interface SortKey<T> {
  columns: string[];
  values: (row: T) => (string | number)[];
  descending?: boolean;
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
  const first = pageSize(args.first, options.maxPageSize);
  const page = query.clone();
  if (args.after) {
    const values = afterValues(args.after, sort.columns.length);
    const params = Object.fromEntries(values.map((value, i) => [`__after${i}`, value]));
    const placeholders = values.map((_, i) => `:__after${i}`).join(', ');
    page.andWhere(`(${sort.columns.join(', ')}) ${sort.descending ? '<' : '>'} (${placeholders})`, params);
  }
  const direction = sort.descending ? 'DESC' : 'ASC';
  sort.columns.forEach((column, i) => (i === 0 ? page.orderBy(column, direction) : page.addOrderBy(column, direction)));
  const rows = await page.take(first + 1).getMany();
  const hasNextPage = rows.length > first;
  const edges = rows.slice(0, first).map((node) => ({ node, cursor: cursorOf(sort.values(node)) }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    get totalCount() {
      return query.clone().getCount();
    },
  };
}

/** One value: the value itself (the cursors of single-column lists stay as they were); several: JSON. */
function cursorOf(values: (string | number)[]): string {
  return encodeCursor(values.length === 1 ? String(values[0]) : JSON.stringify(values));
}

function afterValues(cursor: string, count: number): (string | number)[] {
  const text = decodeCursor(cursor);
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
    throw badInput('after', 'The cursor is not valid here');
  return values as (string | number)[];
}
