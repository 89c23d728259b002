import { AuditEntry, MutationReceipt } from '../audit/audit.entity.ts';
import { Helper } from '../modules/helper/helper.entity.ts';
import { Certificate, HelperAvailability } from '../modules/helper/helper-parts.entity.ts';
import { Need, NeedHelperPreference, NeedStatusChange } from '../modules/need/need.entity.ts';
import { CountyPolicy } from '../modules/policy/county-policy.entity.ts';
import { Assignment } from '../modules/assignment/assignment.entity.ts';
import { MatchRun } from '../modules/matching/match-run.entity.ts';
import { MatchUnmet } from '../modules/matching/match-unmet.entity.ts';
import { MatchProposal } from '../modules/matching/proposal.entity.ts';
import { Household } from '../modules/household/household.entity.ts';
import {
  Organisation,
  OrganisationMember,
  OrganisationServiceArea,
} from '../modules/organisation/organisation.entity.ts';
import { Person } from '../modules/person/person.entity.ts';
import { Region } from '../modules/region/region.entity.ts';
import { RelationshipRow } from '../modules/relationship/relationship.entity.ts';
import { ApiAccount, ApiKey, ApiKeyUse } from '../modules/charity/api-account.entity.ts';
import { CharityPledge } from '../modules/public-need/pledge.entity.ts';
import { SharingConsent } from '../modules/public-need/sharing-consent.entity.ts';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../modules/webhook/webhook.entity.ts';

export const entities = [
  Region,
  Household,
  Person,
  RelationshipRow,
  Organisation,
  OrganisationServiceArea,
  OrganisationMember,
  AuditEntry,
  MutationReceipt,
  CountyPolicy,
  Helper,
  HelperAvailability,
  Certificate,
  Need,
  NeedStatusChange,
  NeedHelperPreference,
  MatchRun,
  MatchProposal,
  MatchUnmet,
  Assignment,
  SharingConsent,
  ApiAccount,
  ApiKey,
  ApiKeyUse,
  CharityPledge,
  WebhookEndpoint,
  WebhookDelivery,
  WebhookAttempt,
];
