import { ApolloClient, HttpLink, InMemoryCache, gql as parse, type TypedDocumentNode } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { createRun, executeRun } from '../../src/modules/matching/match-run.service.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The API as a front-end team uses it: the real Apollo Client 4 (Node), with a normalised
 * InMemoryCache and relay-style pagination, over real HTTP. What broke a normalised cache before
 * (a tie with one id seen from two sides; a helper's load without an id) stays fixed.
 */
/** Documents without generated types: results are read as plain JSON here. */
const gql = (source: TemplateStringsArray) => parse(source) as TypedDocumentNode<any, any>;

let db: TestDatabase;
let api: TestServer;
let township: Region;

function client(token: string): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: api.url, headers: { authorization: `Bearer ${token}` } }),
    cache: new InMemoryCache({
      typePolicies: { Query: { fields: { people: relayStylePagination(['regionId']) } } },
    }),
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 1, seed: 4 });
  township = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'TOWNSHIP' as never });
  api = await startTestServer(db);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

const PEOPLE = gql`
  query People($after: String) {
    people(first: 3, after: $after) {
      edges {
        cursor
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

describe('Apollo Client 4 with a normalised cache', () => {
  it('pages people with relayStylePagination: two pages merge into one list of six different people', async () => {
    const apollo = client(await api.token(Role.ADMIN));
    const first = await apollo.query({ query: PEOPLE });
    expect(first.data!.people.edges).toHaveLength(3);
    // As fetchMore does: the next page from the network, merged into the cached list.
    await apollo.query({
      query: PEOPLE,
      variables: { after: first.data!.people.pageInfo.endCursor },
      fetchPolicy: 'network-only',
    });
    const merged = apollo.readQuery({ query: PEOPLE });
    const ids = merged!.people.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  it('keeps both sides of a tie right when both people are read', async () => {
    const [tie] = await db.dataSource.query(
      `SELECT person_a_id AS a, person_b_id AS b FROM relationship WHERE kind = 'KIN' ORDER BY id LIMIT 1`,
    );
    const apollo = client(await api.token(Role.ADMIN));
    const TIES = gql`
      query Ties($id: ID!) {
        person(id: $id) {
          id
          name
          relationships {
            id
            kind
            kinTerm
            person {
              id
              name
            }
            other {
              id
              name
            }
          }
        }
      }
    `;
    const fromA = await apollo.query({ query: TIES, variables: { id: toGlobalId('Person', tie.a) } });
    await apollo.query({ query: TIES, variables: { id: toGlobalId('Person', tie.b) } });
    // Read A again from the cache: reading B must not have turned A's tie around.
    const again = apollo.readQuery({ query: TIES, variables: { id: toGlobalId('Person', tie.a) } });
    const a = again!.person;
    const tieOfA = a.relationships.find((r: { other: { id: string } }) => r.other.id === toGlobalId('Person', tie.b));
    expect(tieOfA.person.id).toBe(a.id);
    expect(tieOfA.other.id).not.toBe(a.id);
    expect(again).toEqual(fromA.data);
  });

  it('confirms a proposal selecting part of the helper load, and the proposals query still reads whole', async () => {
    const run = await createRun(db.dataSource.manager, township, false, 'test');
    expect((await executeRun(db.dataSource, run.id)).status).toBe('SUCCEEDED');
    const apollo = client(await api.token(Role.COORDINATOR, township.id));
    const PROPOSALS = gql`
      query Proposals($runId: ID!) {
        proposals(runId: $runId, first: 5) {
          edges {
            node {
              id
              status
              safetyNet
              helper {
                id
                load {
                  id
                  committedMinutes
                  committedElders
                  remainingMinutes
                  remainingElders
                }
              }
            }
          }
        }
      }
    `;
    const variables = { runId: toGlobalId('MatchRun', run.id) };
    const listed = await apollo.query({ query: PROPOSALS, variables });
    const proposal = listed
      .data!.proposals.edges.map((edge: { node: { id: string; safetyNet: boolean } }) => edge.node)
      .find((node: { safetyNet: boolean }) => !node.safetyNet);
    const confirmed = await apollo.mutate({
      mutation: gql`
        mutation Confirm($input: DecideProposalInput!) {
          confirmProposal(input: $input) {
            proposal {
              id
              status
              helper {
                id
                load {
                  id
                  committedMinutes
                }
              }
            }
            errors {
              field
              code
            }
          }
        }
      `,
      variables: { input: { proposalId: proposal.id } },
    });
    expect(confirmed.data!.confirmProposal.errors).toEqual([]);
    const reread = apollo.readQuery({ query: PROPOSALS, variables });
    expect(reread).not.toBeNull();
    const node = reread!.proposals.edges.find((edge: { node: { id: string } }) => edge.node.id === proposal.id).node;
    expect(node.status).toBe('CONFIRMED');
    expect(node.helper.load.committedMinutes).toBe(
      confirmed.data!.confirmProposal.proposal.helper.load.committedMinutes,
    );
    expect(typeof node.helper.load.remainingMinutes).toBe('number');
    // And from the network, without an error.
    const fresh = await apollo.query({ query: PROPOSALS, variables, fetchPolicy: 'network-only' });
    expect(fresh.error).toBeUndefined();
  });

  it('reads a list as a viewer without sensitive rights: data, nulls, and no error to throw', async () => {
    const apollo = client(await api.token(Role.SUPERVISOR, township.id));
    const result = await apollo.query({
      query: gql`
        query Phones {
          people(first: 20) {
            edges {
              node {
                id
                name
                phone
                healthNotes
              }
            }
          }
        }
      `,
    });
    expect(result.error).toBeUndefined();
    const nodes = result.data!.people.edges.map((edge: { node: object }) => edge.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) expect(node).toMatchObject({ phone: null, healthNotes: null });
  });

  it('gets the rest of a response when one object is missing: a single root is null beside its error', async () => {
    const apollo = client(await api.token(Role.ADMIN));
    const result = await apollo.query({
      query: gql`
        query Two($missing: ID!, $present: ID!) {
          missing: region(id: $missing) {
            id
          }
          present: region(id: $present) {
            id
            name
          }
        }
      `,
      variables: { missing: toGlobalId('Region', crypto.randomUUID()), present: township.globalId },
      errorPolicy: 'all',
    });
    expect(result.data!.missing).toBeNull();
    expect(result.data!.present.name).toBe(township.name);
    expect(result.error?.message).toMatch(/No region has this id/);
  });
});
