import { requireReadableInspection } from '../supervision/supervision.service.ts';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Role, SENSITIVE_READER_ROLES, WRITER_ROLES } from '../../auth/role.ts';
import { notFound } from '../../common/errors.ts';
import { fromGlobalId, toGlobalId } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import { Node } from '../node/node.type.ts';
import { requireReadableOrganisation } from '../organisation/organisation.service.ts';
import { requireReadablePerson } from '../person/person.service.ts';
import { requireReadableRegion } from '../region/region.service.ts';
import { requireReadableRelationship } from '../relationship/relationship.service.ts';
import { Household } from '../household/household.entity.ts';
import { requireReadableHelper } from '../helper/helper.service.ts';
import { requireReadableNeed } from '../need/need.service.ts';
import { requireReadableAgreement } from '../agreement/agreement.service.ts';
import { requireReadableVisit } from '../visit/visit.service.ts';
import { requireReadableComplaint } from '../complaint/complaint.service.ts';
import { requireReadableCreditEntry } from '../credit/credit.service.ts';
import { CapabilityScope, ViewerAction, ViewerInfo, type ViewerCapability } from './viewer.types.ts';
import { NEED_ROLES } from '../need/need.service.ts';
import { RUN_ROLES } from '../matching/match-run.service.ts';
import { CAPACITY_ROLES } from '../helper/helper.service.ts';
import { COMPLAINANT_ROLES } from '../complaint/complaint.service.ts';
import { ARBITRATION_ROLES, MEDIATION_ROLES } from '../complaint/complaint-handling.ts';
import { REVIEW_ROLES } from '../complaint/helper-suspension.ts';
import { CORRECTION_ROLES } from '../credit/credit.service.ts';

/**
 * What each role may do, from the same role lists the services check (NEED_ROLES, RUN_ROLES …),
 * so that a front end shows a form only where the write would be allowed.
 */
export function capabilitiesOf(role: Role): ViewerCapability[] {
  const region = (allowed: boolean) => (allowed ? CapabilityScope.REGION : CapabilityScope.NONE);
  const writer = WRITER_ROLES.has(role);
  const needs = role === Role.FAMILY_PROXY ? CapabilityScope.TIED_ELDERS : region(NEED_ROLES.includes(role));
  const capacity = role === Role.HELPER ? CapabilityScope.OWN : region(writer && CAPACITY_ROLES.includes(role));
  const scopes: Record<ViewerAction, CapabilityScope> = {
    [ViewerAction.ENTER_NEEDS]: needs,
    [ViewerAction.CHANGE_NEEDS]: needs,
    [ViewerAction.REGISTER_PEOPLE]: region(writer),
    [ViewerAction.CHANGE_TIES]: region(writer),
    [ViewerAction.MANAGE_ORGANISATIONS]: region(writer),
    [ViewerAction.SET_CAPACITY]: capacity,
    [ViewerAction.START_RUNS]: region(RUN_ROLES.includes(role)),
    [ViewerAction.DECIDE_PROPOSALS]: region(RUN_ROLES.includes(role)),
    [ViewerAction.CHANGE_COUNTY_POLICY]: region(role === Role.ADMIN || role === Role.COUNTY_OFFICIAL),
    [ViewerAction.READ_SENSITIVE]: region(SENSITIVE_READER_ROLES.has(role)),
    [ViewerAction.FILE_COMPLAINTS]: region(COMPLAINANT_ROLES.includes(role)),
    [ViewerAction.HANDLE_COMPLAINTS]: region(MEDIATION_ROLES.includes(role)),
    [ViewerAction.RULE_ON_COMPLAINTS]: region(ARBITRATION_ROLES.includes(role)),
    [ViewerAction.REVIEW_SUSPENSIONS]: region(REVIEW_ROLES.includes(role)),
    [ViewerAction.CORRECT_CREDIT]: region(CORRECTION_ROLES.includes(role)),
  };
  return Object.values(ViewerAction).map((action) => ({ action, scope: scopes[action] }));
}

async function loadNode(ctx: Context, id: string): Promise<Node> {
  const decoded = fromGlobalId(id);
  switch (decoded?.type) {
    case 'Region':
      return requireReadableRegion(ctx, id);
    case 'Person':
      return requireReadablePerson(ctx, id);
    case 'Organisation':
      return requireReadableOrganisation(ctx, id);
    case 'Relationship':
      return requireReadableRelationship(ctx, decoded.id, decoded.qualifier);
    case 'Helper':
      return requireReadableHelper(ctx, id);
    case 'Need':
      return requireReadableNeed(ctx, id);
    case 'CareAgreement':
      return requireReadableAgreement(ctx, id);
    case 'Visit':
      return requireReadableVisit(ctx, id);
    case 'Inspection':
      return requireReadableInspection(ctx, id);
    case 'Complaint':
      return requireReadableComplaint(ctx, id);
    case 'CreditEntry':
      return requireReadableCreditEntry(ctx, id);
    case 'Assignment': {
      // Readable with its need.
      const assignment = await ctx.loaders.assignment.load(decoded.id);
      if (!assignment || decoded.qualifier) break;
      await requireReadableNeed(ctx, toGlobalId('Need', assignment.needId));
      return assignment;
    }
    case 'Household': {
      const household = await ctx.loaders.household.load(decoded.id);
      if (!household) break;
      const region = await ctx.loaders.region.load(household.regionId);
      ctx.viewer.assertCanRead(region!.path);
      return household satisfies Household;
    }
  }
  throw notFound('No object has this id');
}

@Resolver()
export class ViewerResolver {
  @Query(() => ViewerInfo, { description: 'The caller, as the bearer token says.' })
  async viewer(@Ctx() ctx: Context): Promise<ViewerInfo> {
    const claims = ctx.viewer.require();
    const region = claims.regionId ? ((await ctx.loaders.region.load(claims.regionId)) ?? null) : null;
    const person = claims.personId ? ((await ctx.loaders.person.load(claims.personId)) ?? null) : null;
    const path = region?.path ?? [];
    return {
      subject: claims.subject,
      role: claims.role,
      region,
      person,
      canWrite: ctx.viewer.canWrite(path) || claims.role === Role.ADMIN,
      canReadSensitive: ctx.viewer.canSeeSensitive(path) || claims.role === Role.ADMIN,
      capabilities: capabilitiesOf(claims.role),
    };
  }

  @Query(() => Node, {
    nullable: true,
    description:
      'Any object by its global id. Null, with one NOT_FOUND or FORBIDDEN error, when there is no such object or the viewer may not read it.',
  })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Node> {
    ctx.viewer.require();
    return loadNode(ctx, id);
  }
}
