import crypto from 'node:crypto';
import {
  getNamedType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { CHARITY_ROOT_FIELDS } from '../../src/modules/charity/charity-access.ts';
import { Organisation } from '../../src/modules/organisation/organisation.entity.ts';
import { OrganisationKind } from '../../src/modules/organisation/organisation.enums.ts';
import type { Person } from '../../src/modules/person/person.entity.ts';
import { createSchema } from '../../src/schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty, type SmallCounty } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Everything a charity's key can reach, walked from the schema and asked over HTTP: no
 * internal record (every Node), no @sensitive field, no field named like personal data.
 */
const PERSONAL_FIELD_NAMES = new Set([
  'elder',
  'elderId',
  'person',
  'personId',
  'people',
  'proxy',
  'proxyId',
  'household',
  'householdId',
  'address',
  'phone',
  'idNumber',
  'birthYear',
  'birthDate',
  'age',
  'gender',
  'healthNotes',
  'notes',
  'selfCareLevel',
  'disability',
  'livesAlone',
  'bottomLineHousehold',
  'group',
  'groupId',
  'relationships',
  'members',
  'helper',
  'helpers',
  'needs',
  'need',
  'givenById',
]);

let schema: GraphQLSchema;
let db: TestDatabase;
let api: TestServer;
let county: SmallCounty;
let elder: Person;
let key: string;

function walk(roots: GraphQLField<unknown, unknown>[]): {
  types: Set<GraphQLNamedType>;
  fields: { owner: string; field: GraphQLField<unknown, unknown> }[];
} {
  const types = new Set<GraphQLNamedType>();
  const fields: { owner: string; field: GraphQLField<unknown, unknown> }[] = [];
  const visit = (type: GraphQLNamedType) => {
    if (types.has(type)) return;
    types.add(type);
    const members = isUnionType(type) ? type.getTypes() : isInterfaceType(type) ? schema.getPossibleTypes(type) : [];
    for (const member of members) visit(member);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        fields.push({ owner: type.name, field });
        visit(getNamedType(field.type));
      }
    }
  };
  for (const root of roots) {
    fields.push({ owner: 'root', field: root });
    visit(getNamedType(root.type));
  }
  return { types, fields };
}

function rootFields(kind: 'query' | 'mutation' | 'subscription'): GraphQLField<unknown, unknown>[] {
  const type =
    kind === 'query'
      ? schema.getQueryType()
      : kind === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  return Object.values(type!.getFields());
}

function allowedRoots(): GraphQLField<unknown, unknown>[] {
  return (['query', 'mutation', 'subscription'] as const).flatMap((kind) =>
    rootFields(kind).filter((f) => CHARITY_ROOT_FIELDS[kind].has(f.name)),
  );
}

function isInternalRecord(type: GraphQLNamedType): boolean {
  return isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node');
}

/** An operation asking for `field` with every required argument as a variable (left unset). */
function operationFor(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>): string {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const variables = required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${kind} Probe${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

/** Every field to `depth`, for a full read of what the charity gets. */
function fullSelection(type: GraphQLNamedType, depth: number): string {
  if (isLeafType(type)) return '';
  if (depth === 0 || !isObjectType(type)) return '{ __typename }';
  const parts = Object.values((type as GraphQLObjectType).getFields())
    .filter((f) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined))
    .map((f) => `${f.name} ${fullSelection(getNamedType(f.type), depth - 1)}`);
  return `{ ${parts.join(' ')} }`;
}

beforeAll(async () => {
  schema = await createSchema();
  db = await createTestDatabase();
  county = await insertSmallCounty(db.dataSource, '990077');
  api = await startTestServer(db);
  const admin = await api.token(Role.ADMIN);
  const coordinator = await api.token(Role.COORDINATOR, county.county.id);
  elder = await insertPerson(db.dataSource, county.groupA, {
    name: '孙淑珍',
    phone: '13700001111',
    healthNotes: '心脏病',
    idNumber: '110101194001011234',
    birthYear: 1940,
  });
  const organisationId = crypto.randomUUID();
  await db.dataSource.manager.insert(Organisation, {
    id: organisationId,
    countyId: county.county.id,
    regionId: county.county.id,
    kind: OrganisationKind.SOCIAL_ORGANISATION,
    name: '益善社工',
  });
  await api.gql(
    `mutation ($input: SetSharingConsentInput!) { setSharingConsent(input: $input) { errors { code } } }`,
    { input: { elderId: toGlobalId('Person', elder.id), consent: true } },
    coordinator,
  );
  const need = await api.gql(
    `mutation ($input: CreateNeedInput!) { createNeed(input: $input) { errors { code } } }`,
    {
      input: {
        elderId: toGlobalId('Person', elder.id),
        serviceType: 'VISIT_CHECK',
        minutesPerOccurrence: 20,
        notes: '夜里常胸闷',
        recurrence: { kind: 'DAILY', weekdays: [], windowStart: '09:00', windowEnd: '10:00' },
        startDate: '2026-12-01',
      },
    },
    coordinator,
  );
  expect(need.data.createNeed.errors).toEqual([]);
  const account = await api.gql(
    `mutation ($input: CreateApiAccountInput!) { createApiAccount(input: $input) { apiAccount { id } errors { code } } }`,
    {
      input: {
        organisationId: toGlobalId('Organisation', organisationId),
        regionIds: [toGlobalId('Region', county.county.id)],
        serviceTypes: ['VISIT_CHECK'],
        // This file asks every root field of the schema with one key within a minute: the
        // default 120 a minute would rate-limit it once the schema has that many fields.
        requestsPerMinute: 2000,
      },
    },
    admin,
  );
  const issued = await api.gql(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { issuedKey { secret } } }`,
    { input: { accountId: account.data.createApiAccount.apiAccount.id } },
    admin,
  );
  key = issued.data.createApiKey.issuedKey.secret;
  const list = await api.gql(`{ publicNeeds { edges { node { id } } } }`, undefined, key);
  const publicId = list.data.publicNeeds.edges[0].node.id;
  await api.gql(
    `mutation ($input: PledgeSupportInput!) { pledgeSupport(input: $input) { errors { code } } }`,
    { input: { publicNeedId: publicId } },
    key,
  );
  await api.gql(
    `mutation ($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { errors { code } } }`,
    { input: { url: 'https://example.org/hooks' } },
    key,
  );
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

describe("what a charity's key can reach", () => {
  it('the walk is not vacuous: it finds the public types, and it does find a person from `people`', () => {
    const { types } = walk(allowedRoots());
    for (const name of [
      'PublicNeed',
      'PublicVillage',
      'PublicSchedule',
      'PublicNeedEvent',
      'CharityPledge',
      'WebhookEndpoint',
      'WebhookDelivery',
      'ApiAccount',
      'ApiKey',
    ]) {
      expect([...types].map((t) => t.name)).toContain(name);
    }
    const canary = walk(rootFields('query').filter((f) => f.name === 'people'));
    expect([...canary.types].some((t) => t.name === 'Person' && isInternalRecord(t))).toBe(true);
    expect(
      canary.fields.some(({ field }) => field.astNode?.directives?.some((d) => d.name.value === 'sensitive')),
    ).toBe(true);
  });

  it('reaches no internal record, no @sensitive field and no field named like personal data', () => {
    const { types, fields } = walk(allowedRoots());
    expect([...types].filter(isInternalRecord).map((t) => t.name)).toEqual([]);
    expect(
      fields
        .filter(({ field }) => field.astNode?.directives?.some((d) => d.name.value === 'sensitive'))
        .map(({ owner, field }) => `${owner}.${field.name}`),
    ).toEqual([]);
    expect(
      fields
        .filter(({ owner, field }) => owner !== 'root' && PERSONAL_FIELD_NAMES.has(field.name))
        .map(({ owner, field }) => `${owner}.${field.name}`),
    ).toEqual([]);
  });

  it('every other root field is refused with FORBIDDEN before it runs', async () => {
    const refusedWrongly: string[] = [];
    const leaked: string[] = [];
    for (const kind of ['query', 'mutation'] as const) {
      for (const field of rootFields(kind)) {
        const response = await api.gql(operationFor(kind, field), undefined, key);
        const code = response.errors?.[0]?.extensions?.code;
        if (CHARITY_ROOT_FIELDS[kind].has(field.name)) {
          if (code === 'FORBIDDEN') refusedWrongly.push(field.name);
        } else if (code !== 'FORBIDDEN') leaked.push(`${field.name}: ${code ?? 'answered'}`);
      }
    }
    expect(leaked).toEqual([]);
    expect(refusedWrongly).toEqual([]);
  });

  it('refuses other subscriptions over graphql-ws too', async () => {
    const { createClient } = await import('graphql-ws');
    const { default: WebSocket } = await import('ws');
    const client = createClient({
      url: api.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${key}` },
      retryAttempts: 0,
    });
    try {
      for (const field of rootFields('subscription').filter((f) => !CHARITY_ROOT_FIELDS.subscription.has(f.name))) {
        const variables = Object.fromEntries(
          field.args.map((a) => [a.name, toGlobalId('MatchRun', crypto.randomUUID())]),
        );
        const iterator = client.iterate({ query: operationFor('subscription', field), variables });
        // Refused before execution: graphql-ws reports it as an error message, which iterate() throws.
        const errors = await iterator.next().then(
          (first) => (first.value as any)?.errors ?? [],
          (thrown) => (Array.isArray(thrown) ? thrown : [thrown]),
        );
        expect(errors[0]?.extensions?.code, field.name).toBe('FORBIDDEN');
      }
    } finally {
      await client.dispose();
    }
  });

  it('a full read of every allowed query returns nothing of the elder', async () => {
    let text = '';
    for (const field of rootFields('query').filter(
      (f) => CHARITY_ROOT_FIELDS.query.has(f.name) && f.args.every((a) => !isNonNullType(a.type)),
    )) {
      const response = await api.gql(`{ ${field.name} ${fullSelection(getNamedType(field.type), 4)} }`, undefined, key);
      expect(response.errors, field.name).toBeUndefined();
      text += JSON.stringify(response.data);
    }
    expect(text).toContain('VISIT_CHECK');
    expect(text).toContain('李家村');
    for (const secret of [
      '孙淑珍',
      '13700001111',
      '心脏病',
      '110101194001011234',
      '夜里常胸闷',
      elder.id,
      elder.householdId!,
      '东庄',
      county.groupA.id,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
