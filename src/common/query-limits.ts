import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
  validate,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/**
 * Limits that refuse an abusive query before it runs (no SQL statement, milliseconds), and two
 * backstops for what slips through: a deadline and a cap on the values resolved.
 * Every limit is configurable (see config.ts and the README's security section).
 */
export interface QueryLimits {
  /** Deepest selection, fragments flattened. */
  maxDepth: number;
  /** Aliased fields per operation. */
  maxAliases: number;
  /** Directives per operation. */
  maxDirectives: number;
  /** Lexical tokens per document (enforced by graphql-js's parser). */
  maxTokens: number;
  /** Largest computed cost; see `costEstimator`. */
  maxCost: number;
  /** Assumed length of a list that takes no `first`/`last` (e.g. a household's members). */
  unpagedListSize: number;
  /** Default page size of a connection asked for without `first`/`last`. */
  defaultPageSize: number;
  /** Execution stops with QUERY_TIMEOUT after this long. */
  maxExecutionMs: number;
  /** Execution stops with RESPONSE_TOO_LARGE after resolving this many fields. */
  maxResolvedFields: number;
}

export const QUERY_LIMIT_CODES = ['QUERY_TOO_COMPLEX', 'QUERY_TIMEOUT', 'RESPONSE_TOO_LARGE'] as const;

function tooComplex(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 }, ...extensions } });
}

/**
 * graphql-armor's rules throw by default; ours report one clear error with the limit instead,
 * so the request is refused at validation like any other invalid query.
 */
function reporting(limit: string, n: number) {
  return {
    n,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(tooComplex(error.message.replace(/^Syntax Error: /, ''), { limit, max: n })),
    ],
  };
}

/** Validation rules for depth, aliases and directives, for HTTP and WebSocket alike. */
function limitRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxDepthRule({ ...reporting('depth', limits.maxDepth), flattenFragments: true }),
    maxAliasesRule(reporting('aliases', limits.maxAliases)),
    maxDirectivesRule(reporting('directives', limits.maxDirectives)),
  ] as ValidationRule[];
}

/**
 * Cost: every field costs 1 plus what it selects; a field that pages (`first`/`last`) costs its
 * selection once per row it may return, a list without paging `unpagedListSize` times, and a
 * connection's `edges` once (its rows are already counted on the connection). Aliases are
 * counted separately, since each is resolved separately.
 */
export function costEstimator(limits: QueryLimits): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    const pages = field.args.some((arg) => arg.name === 'first' || arg.name === 'last');
    if (pages) {
      const rows = Number(args.first ?? args.last ?? limits.defaultPageSize);
      return 1 + childComplexity * Math.max(1, Number.isFinite(rows) ? rows : limits.defaultPageSize);
    }
    const type = getNullableType(field.type);
    if (isListType(type)) {
      const isConnectionRows = field.name === 'edges' && getNamedType(type).name.endsWith('Edge');
      return 1 + childComplexity * (isConnectionRows ? 1 : limits.unpagedListSize);
    }
    return 1 + childComplexity;
  };
}

/**
 * Depth, aliases, directives and cost, checked after the document is parsed and validated and
 * before anything runs. Apollo would relabel errors from its `validationRules` as
 * GRAPHQL_VALIDATION_FAILED; checked here, every refusal of this kind says QUERY_TOO_COMPLEX.
 * The shape checks depend only on the document, so they run once per distinct document.
 */
export function createLimitChecker(schema: GraphQLSchema, limits: QueryLimits) {
  const rules = limitRules(limits);
  const shapeChecked = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  return (document: DocumentNode, variables: Record<string, unknown>, operationName?: string): void => {
    let shape = shapeChecked.get(document);
    if (!shape) {
      shape = validate(schema, document, rules);
      shapeChecked.set(document, shape);
    }
    if (shape.length > 0) throw shape[0];
    assertAffordable(schema, document, variables, limits, operationName);
  };
}

export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  limits: QueryLimits,
  operationName?: string,
): number {
  return getComplexity({ schema, query: document, variables, operationName, estimators: [costEstimator(limits)] });
}

/** Refuses an operation whose cost is over the limit, before it runs; says the computed cost. */
function assertAffordable(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  limits: QueryLimits,
  operationName?: string,
): void {
  let cost: number;
  try {
    cost = queryCost(schema, document, variables, limits, operationName);
  } catch (error) {
    // Pricing reads the variables first: one that does not fit its type (an unknown enum value,
    // a string for an Int) is the caller's mistake, said as GraphQL would say it at execution.
    throw new GraphQLError((error as Error).message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
  if (cost > limits.maxCost) {
    throw tooComplex(
      `This query costs ${cost.toLocaleString('en')}, over the limit of ${limits.maxCost.toLocaleString('en')}: ask for fewer rows (first/last) or fewer nested lists`,
      { limit: 'cost', cost, max: limits.maxCost },
    );
  }
}

/**
 * Apollo plugin: the cost check between validation and execution, and, during execution, a
 * deadline and a cap on resolved fields. Past either, every further field fails at once (the
 * work stops), and the response carries one error instead of one per field.
 */
export function queryLimitsPlugin<TContext extends object>(
  schema: GraphQLSchema,
  limits: QueryLimits,
): ApolloServerPlugin<TContext> {
  const check = createLimitChecker(schema, limits);
  return {
    async requestDidStart() {
      let stopped: GraphQLError | undefined;
      return {
        async didResolveOperation({ document, request }) {
          check(document, request.variables ?? {}, request.operationName ?? undefined);
        },
        async executionDidStart() {
          const deadline = performance.now() + limits.maxExecutionMs;
          let resolved = 0;
          return {
            willResolveField() {
              if (stopped) throw stopped;
              resolved += 1;
              if (resolved > limits.maxResolvedFields) {
                stopped = new GraphQLError(
                  `The response would hold more than ${limits.maxResolvedFields.toLocaleString('en')} values: ask for fewer rows`,
                  {
                    extensions: { code: 'RESPONSE_TOO_LARGE', max: limits.maxResolvedFields },
                  },
                );
              } else if ((resolved & 63) === 0 && performance.now() > deadline) {
                stopped = new GraphQLError(
                  `The query ran longer than ${limits.maxExecutionMs} ms and was stopped: ask for less`,
                  {
                    extensions: { code: 'QUERY_TIMEOUT', maxMs: limits.maxExecutionMs },
                  },
                );
              }
              if (stopped) throw stopped;
            },
          };
        },
        async willSendResponse({ response }) {
          if (stopped && response.body.kind === 'single') {
            response.body.singleResult.data = null;
            response.body.singleResult.errors = [stopped.toJSON()];
          }
        },
      };
    },
  };
}
