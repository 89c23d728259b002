import 'reflect-metadata';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { lexicographicSortSchema, specifiedDirectives, type GraphQLSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { sensitiveDirective } from './auth/sensitive.ts';
import { CatalogueResolver } from './modules/catalogue/catalogue.resolver.ts';
import { HelperResolver } from './modules/helper/helper.resolver.ts';
import { Helper } from './modules/helper/helper.entity.ts';
import { Certificate } from './modules/helper/helper-parts.entity.ts';
import { MatchRunResolver, ProposalResolver } from './modules/matching/matching.resolver.ts';
import { MatchRun } from './modules/matching/match-run.entity.ts';
import { MatchProposal } from './modules/matching/proposal.entity.ts';
import { NeedResolver } from './modules/need/need.resolver.ts';
import { Need } from './modules/need/need.entity.ts';
import { PolicyResolver } from './modules/policy/policy.resolver.ts';
import { HouseholdResolver } from './modules/household/household.resolver.ts';
import { OrganisationResolver } from './modules/organisation/organisation.resolver.ts';
import { PersonResolver } from './modules/person/person.resolver.ts';
import { RegionResolver } from './modules/region/region.resolver.ts';
import { RelationshipResolver } from './modules/relationship/relationship.resolver.ts';
import { ViewerResolver } from './modules/viewer/viewer.resolver.ts';
import { ApiAccountResolver } from './modules/charity/api-account.resolver.ts';
import { PublicNeedResolver } from './modules/public-need/public-need.resolver.ts';
import { NeedPledgesResolver, PledgeResolver } from './modules/public-need/pledge.resolver.ts';
import { SharingConsentResolver } from './modules/public-need/sharing-consent.resolver.ts';
import { WebhookDeliveryResolver, WebhookEndpointResolver } from './modules/webhook/webhook.resolver.ts';
import { Household } from './modules/household/household.entity.ts';
import { Organisation } from './modules/organisation/organisation.entity.ts';
import { Person } from './modules/person/person.entity.ts';
import { Region } from './modules/region/region.entity.ts';
import { Relationship } from './modules/relationship/relationship.type.ts';

export const resolvers = [
  ViewerResolver,
  RegionResolver,
  PersonResolver,
  HouseholdResolver,
  RelationshipResolver,
  OrganisationResolver,
  CatalogueResolver,
  HelperResolver,
  NeedResolver,
  PolicyResolver,
  MatchRunResolver,
  ProposalResolver,
  SharingConsentResolver,
  ApiAccountResolver,
  PublicNeedResolver,
  PledgeResolver,
  NeedPledgesResolver,
  WebhookEndpointResolver,
  WebhookDeliveryResolver,
] as const;

let cached: GraphQLSchema | undefined;

/**
 * Validation is done by each mutation (see common/mutation.ts) so that input problems come
 * back as payload `errors` with the field named, rather than as a thrown argument error.
 */
export async function createSchema(): Promise<GraphQLSchema> {
  cached ??= await buildSchema({
    resolvers,
    orphanedTypes: [
      Region,
      Person,
      Household,
      Organisation,
      Relationship,
      Helper,
      Certificate,
      Need,
      MatchRun,
      MatchProposal,
    ],
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
  return cached;
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
