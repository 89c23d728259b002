import { auditModule } from '../audit/audit.module.ts';
import { agreementModule } from './agreement/agreement.module.ts';
import { assignmentModule } from './assignment/assignment.module.ts';
import { visitModule } from './visit/visit.module.ts';
import { supervisionModule } from './supervision/supervision.module.ts';
import { noticeModule } from './notice/notice.module.ts';
import { timeBankModule } from './time-bank/time-bank.module.ts';
import { complaintModule } from './complaint/complaint.module.ts';
import { creditModule } from './credit/credit.module.ts';
import { catalogueModule } from './catalogue/catalogue.module.ts';
import { charityModule } from './charity/charity.module.ts';
import { helperModule } from './helper/helper.module.ts';
import { householdModule } from './household/household.module.ts';
import { matchingModule } from './matching/matching.module.ts';
import { needModule } from './need/need.module.ts';
import { organisationModule } from './organisation/organisation.module.ts';
import { personModule } from './person/person.module.ts';
import { policyModule } from './policy/policy.module.ts';
import { publicNeedModule } from './public-need/public-need.module.ts';
import { regionModule } from './region/region.module.ts';
import { relationshipModule } from './relationship/relationship.module.ts';
import { viewerModule } from './viewer/viewer.module.ts';
import { webhookModule } from './webhook/webhook.module.ts';

/**
 * Every feature, registered once. A feature is one folder with a `<name>.module.ts` naming its
 * tables, its request loaders and (lazily) its resolvers; adding one means adding its line here.
 * The entity list (db/entities.ts), the loaders (loaders.ts) and the schema (schema.ts) are derived.
 */
export const featureModules = [
  viewerModule,
  regionModule,
  householdModule,
  personModule,
  relationshipModule,
  organisationModule,
  auditModule,
  policyModule,
  catalogueModule,
  helperModule,
  needModule,
  matchingModule,
  assignmentModule,
  agreementModule,
  visitModule,
  supervisionModule,
  noticeModule,
  timeBankModule,
  creditModule,
  complaintModule,
  publicNeedModule,
  charityModule,
  webhookModule,
] as const;
