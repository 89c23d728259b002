import { buildSchema, GraphQLError, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  costEstimator,
  createLimitChecker,
  QUERY_LIMIT_CODES,
  queryCost,
  queryLimitsPlugin,
  type QueryLimits,
} from '../../../src/common/query-limits.ts';

const schema = buildSchema(`
  directive @log on FIELD
  type Query {
    me: Person
    people(first: Int, after: String): PersonConnection!
    recent(last: Int): [Person!]!
    tags: [String!]!
    misfit: Misfit
    person(id: ID): Person
    edgeList: [PersonEdge!]!
  }
  type Person {
    name: String
    friends: [Person!]!
    pets(first: Int): PersonConnection!
  }
  type PersonConnection { edges: [PersonEdge!]! total: Int }
  type PersonEdge { node: Person! cursor: String! }
  type Misfit { edges: [Person!]! }
`);

const limits: QueryLimits = {
  maxDepth: 4,
  maxAliases: 2,
  maxDirectives: 2,
  maxTokens: 1000,
  maxCost: 100,
  unpagedListSize: 10,
  defaultPageSize: 20,
  maxExecutionMs: 1000,
  maxResolvedFields: 5,
};

const cost = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  queryCost(schema, parse(query), variables, limits, operationName);

function refusal(run: () => void): GraphQLError | undefined {
  try {
    run();
  } catch (error) {
    return error as GraphQLError;
  }
  return undefined;
}

describe('query cost', () => {
  it('counts every field once plus what it selects', () => {
    expect(cost('{ me { name } }')).toBe(2);
    expect(costEstimator(limits)).toBeTypeOf('function');
  });

  it("multiplies a paged field's selection by the page size asked for, or the default", () => {
    // people (1 + edges…) with edges counted once: 1 + (1 + (1 + 1)) × rows.
    expect(cost('{ people(first: 3) { edges { node { name } } } }')).toBe(1 + 3 * 3);
    expect(cost('{ people { edges { node { name } } } }')).toBe(1 + 20 * 3);
    expect(cost('query($n: Int) { people(first: $n) { edges { node { name } } } }', { n: 2 })).toBe(1 + 2 * 3);
    expect(cost('{ recent(last: 4) { name } }')).toBe(1 + 4 * 1);
  });

  it('counts a page of no rows as one, so a nested selection still costs something', () => {
    expect(cost('{ people(first: 0) { edges { node { name } } } }')).toBe(1 + 3);
  });

  it('multiplies an unpaged list by the assumed list size', () => {
    expect(cost('{ me { friends { name } } }')).toBe(1 + 1 + 10 * 1);
    expect(cost('{ tags }')).toBe(1);
  });

  it('does not take just any argument for a page size', () => {
    expect(cost('{ person(id: "1") { name } }')).toBe(2);
  });

  it("counts a connection's edges once, but not a list that merely is called edges, nor a list of edges called otherwise", () => {
    expect(cost('{ edgeList { cursor } }')).toBe(1 + 10 * 1);
    expect(cost('{ people(first: 1) { edges { cursor } } }')).toBe(1 + 2);
    expect(cost('{ misfit { edges { name } } }')).toBe(1 + 1 + 10 * 1);
  });

  it('counts each alias separately, and only the operation asked for', () => {
    expect(cost('{ a: me { name } b: me { name } }')).toBe(4);
    expect(cost('query A { me { name } } query B { a: me { name } b: me { name } }', {}, 'A')).toBe(2);
  });
});

describe('createLimitChecker', () => {
  const check = createLimitChecker(schema, limits);
  const refused = (query: string, variables: Record<string, unknown> = {}) =>
    refusal(() => check(parse(query), variables));

  it('lets a modest query through', () => {
    expect(refused('{ me { name friends { name } } }')).toBeUndefined();
  });

  it('refuses a query that is too deep, with the limit', () => {
    const error = refused('{ me { friends { friends { friends { friends { name } } } } } }');
    expect(error?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'depth',
      max: 4,
      http: { status: 400 },
    });
  });

  it('refuses too many aliases and too many directives', () => {
    expect(refused('{ a: me { name } b: me { name } c: me { name } }')?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'aliases',
      max: 2,
    });
    expect(refused('{ me @log { name @log friends @log { name } } }')?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'directives',
      max: 2,
    });
  });

  it('refuses a query that costs too much, saying what it cost', () => {
    const error = refused('{ people(first: 50) { edges { node { name } } } }');
    expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', cost: 151, max: 100 });
    expect(error?.message).toBe(
      'This query costs 151, over the limit of 100: ask for fewer rows (first/last) or fewer nested lists',
    );
    expect(refused('query($n: Int) { people(first: $n) { edges { node { name } } } }', { n: 33 })).toBeUndefined();
    expect(
      refused('query($n: Int) { people(first: $n) { edges { node { name } } } }', { n: 34 })?.extensions,
    ).toMatchObject({ cost: 103 });
  });

  it('checks the shape of a document once, and its cost every time', () => {
    const document = parse('query($n: Int) { people(first: $n) { edges { node { name } } } }');
    expect(refusal(() => check(document, { n: 1 }))).toBeUndefined();
    expect(refusal(() => check(document, { n: 90 }))?.extensions).toMatchObject({ limit: 'cost' });
    const deep = parse('{ me { friends { friends { friends { friends { name } } } } } }');
    const first = refusal(() => check(deep, {}));
    expect(refusal(() => check(deep, {}))).toBe(first);
  });
});

describe('queryLimitsPlugin', () => {
  async function execution(plugin: ReturnType<typeof queryLimitsPlugin<object>>) {
    const request = (await plugin.requestDidStart!({} as never))!;
    const execution = (await request.executionDidStart!({} as never))!;
    return { request, execution: execution as { willResolveField: () => void } };
  }

  it('checks the operation once it is resolved', async () => {
    const { request } = await execution(queryLimitsPlugin(schema, limits));
    await expect(
      request.didResolveOperation!({ document: parse('{ me { name } }'), request: {} } as never),
    ).resolves.toBeUndefined();
    const paged = parse('query($n: Int) { people(first: $n) { edges { node { name } } } }');
    await expect(
      request.didResolveOperation!({ document: paged, request: { variables: { n: 1 } } } as never),
    ).resolves.toBeUndefined();
    await expect(
      request.didResolveOperation!({ document: paged, request: { variables: { n: 50 } } } as never),
    ).rejects.toMatchObject({ extensions: { cost: 151 } });
    await expect(
      request.didResolveOperation!({
        document: parse('{ people(first: 50) { edges { node { name } } } }'),
        request: { variables: {} },
      } as never),
    ).rejects.toMatchObject({ extensions: { limit: 'cost' } });
    await expect(
      request.didResolveOperation!({
        document: parse('query A { me { name } } query B { people(first: 50) { edges { node { name } } } }'),
        request: { operationName: 'A' },
      } as never),
    ).resolves.toBeUndefined();
  });

  it('stops after the resolved-field cap, every field after too, and answers with that one error', async () => {
    const { request, execution: run } = await execution(queryLimitsPlugin(schema, limits));
    for (let i = 0; i < 5; i += 1) run.willResolveField();
    const error = refusal(() => run.willResolveField());
    expect(error?.message).toBe('The response would hold more than 5 values: ask for fewer rows');
    expect(error?.extensions).toEqual({ code: 'RESPONSE_TOO_LARGE', max: 5 });
    expect(refusal(() => run.willResolveField())).toBe(error);
    const response = { body: { kind: 'single', singleResult: { data: { me: null }, errors: undefined as unknown } } };
    await request.willSendResponse!({ response } as never);
    expect(response.body.singleResult).toEqual({ data: null, errors: [error!.toJSON()] });
  });

  it('stops a query past its deadline, checking the clock every 64 fields', async () => {
    const { request, execution: run } = await execution(
      queryLimitsPlugin(schema, { ...limits, maxExecutionMs: 0, maxResolvedFields: 1000 }),
    );
    for (let i = 1; i < 64; i += 1) run.willResolveField();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const error = refusal(() => run.willResolveField());
    expect(error?.message).toBe('The query ran longer than 0 ms and was stopped: ask for less');
    expect(error?.extensions).toEqual({ code: 'QUERY_TIMEOUT', maxMs: 0 });
    const incremental = { body: { kind: 'incremental', initialResult: {} } };
    await request.willSendResponse!({ response: incremental } as never);
    expect(incremental.body).toEqual({ kind: 'incremental', initialResult: {} });
  });

  it('leaves a response alone when nothing was stopped', async () => {
    const { request, execution: run } = await execution(
      queryLimitsPlugin(schema, { ...limits, maxResolvedFields: 1000 }),
    );
    for (let i = 0; i < 128; i += 1) run.willResolveField();
    const response = { body: { kind: 'single', singleResult: { data: { me: null } } } };
    await request.willSendResponse!({ response } as never);
    expect(response.body.singleResult).toEqual({ data: { me: null } });
  });

  it('names its error codes', () => {
    expect(QUERY_LIMIT_CODES).toEqual(['QUERY_TOO_COMPLEX', 'QUERY_TIMEOUT', 'RESPONSE_TOO_LARGE']);
  });
});
