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
  await seedCounty(db.dataSource, { villages: 2, seed: 4 });
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

    // The standing assignment is in the graph: on the need, on the helper, and as the elder's care.
    const [row] = await db.dataSource.query(
      `SELECT a.id, a.need_id, a.helper_id, a.elder_id FROM assignment a JOIN match_proposal p ON p.need_id = a.need_id AND p.helper_id = a.helper_id
        WHERE p.id = $1`,
      [Buffer.from(proposal.id, 'base64url').toString().split(':')[1]],
    );
    const CARE = gql`
      query Care($need: ID!, $elder: ID!, $assignment: ID!) {
        need(id: $need) {
          id
          assignments {
            id
            status
            startedAt
            helper {
              id
            }
          }
        }
        person(id: $elder) {
          id
          care {
            id
            weeklyMinutes
            need {
              id
              serviceType
              recurrence {
                kind
                windowStart
              }
            }
            helper {
              id
              assignments {
                id
              }
            }
          }
        }
        node(id: $assignment) {
          id
          ... on Assignment {
            status
          }
        }
      }
    `;
    const assignmentId = toGlobalId('Assignment', row.id);
    const care = await apollo.query({
      query: CARE,
      variables: {
        need: toGlobalId('Need', row.need_id),
        elder: toGlobalId('Person', row.elder_id),
        assignment: assignmentId,
      },
    });
    expect(care.error).toBeUndefined();
    expect(care.data!.need.assignments).toEqual([
      expect.objectContaining({
        id: assignmentId,
        status: 'ACTIVE',
        helper: expect.objectContaining({ id: node.helper.id }),
      }),
    ]);
    const standing = care.data!.person.care.find((entry: { id: string }) => entry.id === assignmentId);
    expect(standing.need.id).toBe(toGlobalId('Need', row.need_id));
    expect(standing.helper.assignments.map((entry: { id: string }) => entry.id)).toContain(assignmentId);
    expect(care.data!.node).toEqual(expect.objectContaining({ id: assignmentId, status: 'ACTIVE' }));
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

  it("receives a need a family enters on the coordinator's subscription (GraphQLWsLink), and not one outside the region", async () => {
    const { GraphQLWsLink } = await import('@apollo/client/link/subscriptions');
    const { createClient } = await import('graphql-ws');
    const { default: WebSocket } = await import('ws');
    // A daughter (or son) tied to an elder of one village, and that village's coordinator.
    const [tie] = await db.dataSource.query(
      `SELECT e.id AS elder, k.id AS kin, e.region_id AS region, v.id AS village
         FROM relationship t JOIN person e ON e.id IN (t.person_a_id, t.person_b_id) AND e.birth_year <= 1960
         JOIN person k ON k.id IN (t.person_a_id, t.person_b_id) AND k.id <> e.id AND k.birth_year > 1970 AND k.region_id = e.region_id
         JOIN region g ON g.id = e.region_id JOIN region v ON v.id = g.parent_id
        WHERE t.kind = 'KIN' ORDER BY t.id LIMIT 1`,
    );
    const coordinatorToken = await api.token(Role.COORDINATOR, tie.village);
    const ws = createClient({
      url: api.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${coordinatorToken}` },
      retryAttempts: 0,
    });
    const apollo = new ApolloClient({ link: new GraphQLWsLink(ws), cache: new InMemoryCache() });
    const received: any[] = [];
    const subscription = apollo
      .subscribe({
        query: gql`
          subscription Opened {
            needOpened {
              id
              serviceType
              entryChannel
              proxy {
                id
              }
              elder {
                id
              }
            }
          }
        `,
      })
      .subscribe({ next: (result) => received.push(result.data?.needOpened ?? { error: result.error?.message }) });
    try {
      // Subscribed before anything happens: wait until the server has the subscription.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const family = await api.token(Role.FAMILY_PROXY, tie.region, tie.kin);
      const entered = await api.gql(
        'mutation ($input: CreateNeedInput!) { createNeed(input: $input) { need { id } errors { field code } } }',
        {
          input: {
            elderId: toGlobalId('Person', tie.elder),
            serviceType: 'VISIT_CHECK',
            minutesPerOccurrence: 20,
            startDate: '2026-12-07',
            recurrence: { kind: 'DAILY', windowStart: '09:00', windowEnd: '10:00' },
          },
        },
        family,
      );
      expect(entered.data.createNeed.errors).toEqual([]);
      for (let i = 0; i < 100 && received.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toEqual([
        expect.objectContaining({
          id: entered.data.createNeed.need.id,
          serviceType: 'VISIT_CHECK',
          proxy: { __typename: 'Person', id: toGlobalId('Person', tie.kin) },
          elder: { __typename: 'Person', id: toGlobalId('Person', tie.elder) },
        }),
      ]);
      // A need entered in another village does not reach this coordinator.
      const [other] = await db.dataSource.query(
        `SELECT p.id FROM person p JOIN region g ON g.id = p.region_id WHERE g.parent_id <> $1 AND p.birth_year <= 1960 ORDER BY p.id LIMIT 1`,
        [tie.village],
      );
      expect(other).toBeDefined();
      {
        const elsewhere = await api.gql(
          'mutation ($input: CreateNeedInput!) { createNeed(input: $input) { errors { field } } }',
          {
            input: {
              elderId: toGlobalId('Person', other.id),
              serviceType: 'VISIT_CHECK',
              minutesPerOccurrence: 20,
              startDate: '2026-12-07',
              recurrence: { kind: 'DAILY', windowStart: '09:00', windowEnd: '10:00' },
            },
          },
          await api.token(Role.ADMIN),
        );
        expect(elsewhere.data.createNeed.errors).toEqual([]);
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(received).toHaveLength(1);
      }
    } finally {
      subscription.unsubscribe();
      await ws.dispose();
    }
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
