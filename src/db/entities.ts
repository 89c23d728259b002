import { AuditEntry, MutationReceipt } from '../modules/audit/audit.entity.ts';
import { Household } from '../modules/household/household.entity.ts';
import { Organisation, OrganisationMember, OrganisationServiceArea } from '../modules/organisation/organisation.entity.ts';
import { Person } from '../modules/person/person.entity.ts';
import { Region } from '../modules/region/region.entity.ts';
import { RelationshipRow } from '../modules/relationship/relationship.entity.ts';

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
];
