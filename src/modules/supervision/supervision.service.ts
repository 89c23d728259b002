import { Role } from '../../auth/role.ts';
import { paginate, type Connection } from '../../common/connection.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import type { BeforeCommitHandler } from '../../events/event-bus.ts';
import { canReadAgreement, partyOrFamilySql, viewerPersonId } from '../agreement/agreement.service.ts';
import { requireCountyOfViewer, storeSupervisionPolicy, writableCounty } from '../policy/policy.service.ts';
import { listScope } from '../region/region.service.ts';
import { Inspection, RectificationTask } from './supervision.entity.ts';
import { InspectionStatus } from './supervision.enums.ts';
import type { InspectionsArgs, RectificationTasksArgs, UpdateSupervisionPolicyInput } from './supervision.inputs.ts';
import { supervisionPolicyProblems, supervisionWithDefaults, type SupervisionPolicy } from './supervision-policy.ts';

/**
 * Supervision (多方问责, issue #16). Officers and supervisors of a region inspect in it and read
 * every inspection; a helper or a family member reads the DONE inspections of agreements they may
 * read — never a PLANNED one, so that an unannounced inspection stays unannounced.
 */
export const INSPECTOR_ROLES = [Role.ADMIN, Role.COUNTY_OFFICIAL, Role.COORDINATOR, Role.SUPERVISOR];
const OVERSEERS: ReadonlySet<Role> = new Set(INSPECTOR_ROLES);

export function isOverseer(ctx: Context): boolean {
  return OVERSEERS.has(ctx.viewer.role as Role);
}

export async function canReadInspection(ctx: Context, inspection: Inspection): Promise<boolean> {
  const region = await ctx.loaders.region.load(inspection.regionId);
  if (!region || !ctx.viewer.covers(region.path)) return false;
  if (isOverseer(ctx)) return true;
  if (inspection.status !== InspectionStatus.DONE || !inspection.agreementId) return false;
  const agreement = await ctx.loaders.careAgreement.load(inspection.agreementId);
  return Boolean(agreement && (await canReadAgreement(ctx, agreement)));
}

export async function requireReadableInspection(ctx: Context, globalId: string): Promise<Inspection> {
  ctx.viewer.require();
  const id = idOfType(globalId, 'Inspection');
  const inspection = id ? await ctx.loaders.inspection.load(id) : undefined;
  // The same answer whether it does not exist or may not be read: a planned one stays unannounced.
  if (!inspection || !(await canReadInspection(ctx, inspection))) throw notFound('No inspection has this id');
  return inspection;
}

export async function listInspections(ctx: Context, args: InspectionsArgs): Promise<Connection<Inspection>> {
  ctx.viewer.require();
  if (ctx.viewer.role === Role.CHARITY) throw forbidden('Charities do not read inspections');
  const scope = await listScope(ctx, args.regionId);
  const query = ctx.em.getRepository(Inspection).createQueryBuilder('i');
  if (scope) query.where('i.region_id IN (SELECT id FROM region WHERE :scope = ANY(path))', { scope: scope.id });
  if (args.status?.length) query.andWhere('i.status IN (:...statuses)', { statuses: args.status });
  if (args.kind?.length) query.andWhere('i.kind IN (:...kinds)', { kinds: args.kind });
  if (args.poor != null) query.andWhere('i.poor = :poor', { poor: args.poor });
  if (args.agreementId)
    query.andWhere('i.agreement_id = :agreement', { agreement: idOfType(args.agreementId, 'CareAgreement') ?? null });
  if (args.helperId) query.andWhere('i.helper_id = :helper', { helper: idOfType(args.helperId, 'Helper') ?? null });
  if (!isOverseer(ctx)) {
    // Helpers and families: done inspections of their own agreements only.
    query.andWhere(`i.status = '${InspectionStatus.DONE}'`);
    query.andWhere(`i.agreement_id IN (SELECT a.id FROM care_agreement a WHERE ${partyOrFamilySql(ctx.viewer.role)})`, {
      me: viewerPersonId(ctx) ?? null,
    });
  }
  return paginate(query, args, {
    sort: { columns: ["date_trunc('milliseconds', i.created_at)", 'i.id'], descending: true },
    maxPageSize: ctx.config.maxPageSize,
  });
}

export async function listRectificationTasks(
  ctx: Context,
  args: RectificationTasksArgs,
): Promise<Connection<RectificationTask>> {
  ctx.viewer.require();
  if (!isOverseer(ctx)) throw forbidden('Only officers and supervisors read rectification tasks');
  const scope = await listScope(ctx, args.regionId);
  const query = ctx.em.getRepository(RectificationTask).createQueryBuilder('t');
  if (scope) query.where('t.region_id IN (SELECT id FROM region WHERE :scope = ANY(path))', { scope: scope.id });
  if (args.status?.length) query.andWhere('t.status IN (:...statuses)', { statuses: args.status });
  return paginate(query, args, {
    sort: { columns: ['t.due_date', 't.id'] },
    maxPageSize: ctx.config.maxPageSize,
  });
}

export interface CountySupervisionPolicy extends SupervisionPolicy {
  isDefault: boolean;
}

export async function supervisionPolicyOf(ctx: Context, countyId: string): Promise<CountySupervisionPolicy> {
  const stored = (await ctx.loaders.countyPolicy.load(countyId))?.supervision;
  return { ...supervisionWithDefaults(stored), isDefault: !stored };
}

export async function readSupervisionPolicy(ctx: Context, countyGlobalId: string): Promise<CountySupervisionPolicy> {
  // Everyone who works inside the county reads the scale they score on.
  const county = await requireCountyOfViewer(ctx, countyGlobalId);
  return supervisionPolicyOf(ctx, county.id);
}

export function updateSupervisionPolicy(
  ctx: Context,
  input: UpdateSupervisionPolicyInput,
): Promise<MutationResult<CountySupervisionPolicy>> {
  return runMutation(ctx, {
    action: 'updateSupervisionPolicy',
    input,
    roles: [Role.ADMIN, Role.COUNTY_OFFICIAL],
    reload: async (id) => supervisionPolicyOf(ctx, id),
    check: async (problems) => {
      const county = await writableCounty(ctx, input.countyId, 'supervision rules', problems);
      if (!county) return undefined;
      const policy: SupervisionPolicy = {
        scaleMax: input.scaleMax,
        poorBelow: input.poorBelow,
        poorInRow: input.poorInRow,
        rectificationDays: input.rectificationDays,
        followUpDays: input.followUpDays,
        unannouncedDays: input.unannouncedDays,
        noticeNames: input.noticeNames ?? (await supervisionPolicyOf(ctx, county.id)).noticeNames,
      };
      for (const problem of supervisionPolicyProblems(policy))
        problems.add(problem.field, UserErrorCode.OUT_OF_RANGE, problem.message);
      if (problems.any) return undefined;
      return async () => {
        await storeSupervisionPolicy(ctx, county.id, policy);
        return {
          result: await supervisionPolicyOf(ctx, county.id),
          entityType: 'CountyPolicy',
          entityId: county.id,
          countyId: county.id,
          changedFields: ['supervision'],
        };
      };
    },
  });
}

/**
 * Before commit, when agreements end: their PLANNED inspections (follow-ups, unannounced ones)
 * are CANCELLED, since an ended agreement is no longer inspected. Open rectification tasks stay
 * open: what was found may still need putting right, and the record keeps it.
 */
export const cancelPlannedInspections: BeforeCommitHandler = async (em, events) => {
  const ids = [...new Set(events.flatMap((event) => (event.type === 'AgreementEnded' ? [event.agreementId] : [])))];
  if (ids.length === 0) return;
  await em.query(`UPDATE inspection SET status = 'CANCELLED' WHERE agreement_id = ANY($1) AND status = 'PLANNED'`, [
    ids,
  ]);
};
