import crypto from 'node:crypto';
import { OVERSIGHT_READER_ROLES, Role } from '../../auth/role.ts';
import { paginate, type Connection } from '../../common/connection.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { fromGlobalId, idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { mediationPolicyOf } from '../policy/mediation-policy.ts';
import { listScope } from '../region/region.service.ts';
import type { Region } from '../region/region.entity.ts';
import { Complaint, ComplaintStep } from './complaint.entity.ts';
import { COMPLAINT_SUBJECT_TYPES, ComplaintStatus, ComplaintSubjectKind } from './complaint.enums.ts';
import type { ComplaintsArgs, SubmitComplaintInput } from './complaint.inputs.ts';
import { announceComplaintTimer } from './complaint-timer.ts';

/**
 * Complaints (issue #16). Who reads what:
 * - officials, coordinators, supervisors, mediators and arbitrators read the complaints of their
 *   region; helpers and family members only those they filed or that concern them (as the person
 *   complained about, or the helper of the visit, agreement or organisation); charities none;
 * - the complainant of an anonymous complaint is seen only by ADMIN, the arbitrators and
 *   themself; the description and the steps' words only by those who handle it (ADMIN,
 *   coordinators, mediators, arbitrators) and the complainant — the helper complained about sees
 *   the fact, the category, the severity and the outcome (complaint.resolver.ts).
 */

/** Roles that handle complaints, and so read what they say. */
export const HANDLER_ROLES = [Role.ADMIN, Role.COORDINATOR, Role.MEDIATOR, Role.ARBITRATOR];
/** Who may file a complaint: anyone with a token in the region (not a charity's key). */
export const COMPLAINANT_ROLES: readonly Role[] = Object.values(Role).filter((role) => role !== Role.CHARITY);

/**
 * SQL condition on a complaint alias `c`: the person `:me` filed it or it concerns them (as the
 * person complained about, or a member of the organisation complained about).
 */
const OWN_OR_CONCERNING_SQL = `(c.complainant_id = :me OR c.concerned_person_id = :me
  OR c.concerned_organisation_id IN (SELECT organisation_id FROM organisation_member WHERE person_id = :me))`;

/**
 * Is the viewer the complainant: their person, or — for a complaint an officer filed on their own
 * account, naming no villager — the token that filed it.
 */
export function isComplainant(ctx: Context, complaint: Complaint): boolean {
  const me = ctx.viewer.claims?.personId;
  if (complaint.complainantId) return complaint.complainantId === me;
  return complaint.complainantSubject === ctx.viewer.subject;
}

async function concernsViewer(ctx: Context, complaint: Complaint): Promise<boolean> {
  const me = ctx.viewer.claims?.personId;
  if (!me) return false;
  if (complaint.concernedPersonId === me) return true;
  if (!complaint.concernedOrganisationId) return false;
  const memberships = await ctx.loaders.membershipsOf.load(me);
  return memberships.some((m) => m.organisationId === complaint.concernedOrganisationId);
}

export async function complaintRegion(ctx: Context, complaint: Complaint): Promise<Region> {
  return (await ctx.loaders.region.load(complaint.regionId))!;
}

export async function canReadComplaint(ctx: Context, complaint: Complaint): Promise<boolean> {
  if (!ctx.viewer.covers((await complaintRegion(ctx, complaint)).path)) return false;
  const role = ctx.viewer.role!;
  if (OVERSIGHT_READER_ROLES.includes(role)) return true;
  if (role !== Role.HELPER && role !== Role.FAMILY_PROXY) return false;
  return isComplainant(ctx, complaint) || (await concernsViewer(ctx, complaint));
}

/** May the viewer read the complaint's words (description, steps' texts)? */
export async function canReadComplaintText(ctx: Context, complaint: Complaint): Promise<boolean> {
  return HANDLER_ROLES.includes(ctx.viewer.role!) || isComplainant(ctx, complaint);
}

/** May the viewer know who complained? */
export function canSeeComplainant(ctx: Context, complaint: Complaint): boolean {
  if (isComplainant(ctx, complaint)) return true;
  if (complaint.anonymous) return ctx.viewer.role === Role.ADMIN || ctx.viewer.role === Role.ARBITRATOR;
  return ctx.viewer.role !== Role.HELPER && ctx.viewer.role !== Role.FAMILY_PROXY;
}

export async function requireReadableComplaint(ctx: Context, globalId: string): Promise<Complaint> {
  ctx.viewer.require();
  const id = idOfType(globalId, 'Complaint');
  const complaint = id ? await ctx.loaders.complaint.load(id) : undefined;
  if (!complaint) throw notFound('No complaint has this id');
  if (!(await canReadComplaint(ctx, complaint))) throw forbidden('You may not read this complaint');
  return complaint;
}

export async function listComplaints(ctx: Context, args: ComplaintsArgs): Promise<Connection<Complaint>> {
  ctx.viewer.require();
  if (ctx.viewer.role === Role.CHARITY) throw forbidden('Charities do not read complaints');
  const scope = await listScope(ctx, args.regionId);
  const query = ctx.em.getRepository(Complaint).createQueryBuilder('c');
  if (scope) query.where('c.region_id IN (SELECT id FROM region WHERE :scope = ANY(path))', { scope: scope.id });
  if (args.status?.length) query.andWhere('c.status IN (:...statuses)', { statuses: args.status });
  if (args.subjectId) query.andWhere('c.subject_id = :subject', { subject: fromGlobalId(args.subjectId)?.id ?? null });
  if (args.overdue != null) query.andWhere(`c.overdue_at IS ${args.overdue ? 'NOT ' : ''}NULL`);
  if (ctx.viewer.role === Role.HELPER || ctx.viewer.role === Role.FAMILY_PROXY)
    query.andWhere(OWN_OR_CONCERNING_SQL, { me: ctx.viewer.claims?.personId ?? null });
  return paginate(query, args, {
    sort: { columns: ["date_trunc('milliseconds', c.received_at)", 'c.id'], descending: true },
    maxPageSize: ctx.config.maxPageSize,
  });
}

interface Subject {
  kind: ComplaintSubjectKind;
  id: string;
  countyId: string;
  regionId: string;
  helperId: string | null;
  personId: string | null;
  organisationId: string | null;
  /** The elder of a visit or agreement. */
  elderId?: string;
}

/** The helper record of a villager or an organisation, when they have one. */
async function helperOf(ctx: Context, column: 'person_id' | 'organisation_id', id: string): Promise<string | null> {
  const rows: { id: string }[] = await ctx.em.query(`SELECT id FROM helper WHERE ${column} = $1 ORDER BY id LIMIT 1`, [
    id,
  ]);
  return rows[0]?.id ?? null;
}

/** Who a visit's or agreement's helper is: their villager or their organisation. */
async function helperParty(ctx: Context, helperId: string): Promise<Pick<Subject, 'personId' | 'organisationId'>> {
  const helper = await ctx.loaders.helper.load(helperId);
  return { personId: helper?.personId ?? null, organisationId: helper?.organisationId ?? null };
}

/** Reads the subject the complaint names: exactly one visit, agreement, person or organisation. */
async function subjectOf(ctx: Context, globalId: string, problems: Problems): Promise<Subject | undefined> {
  const decoded = fromGlobalId(globalId);
  const kind = decoded && !decoded.qualifier ? COMPLAINT_SUBJECT_TYPES[decoded.type] : undefined;
  if (!decoded || !kind) {
    problems.add(
      'subjectId',
      decoded ? UserErrorCode.WRONG_KIND : UserErrorCode.NOT_FOUND,
      'A complaint is about a visit, a care agreement, a person or an organisation',
    );
    return undefined;
  }
  let subject: Subject | undefined;
  if (kind === ComplaintSubjectKind.VISIT || kind === ComplaintSubjectKind.CARE_AGREEMENT) {
    const row =
      kind === ComplaintSubjectKind.VISIT
        ? await ctx.loaders.visit.load(decoded.id)
        : await ctx.loaders.careAgreement.load(decoded.id);
    if (row)
      subject = {
        kind,
        id: row.id,
        countyId: row.countyId,
        regionId: row.regionId,
        helperId: row.helperId,
        elderId: row.elderId,
        ...(await helperParty(ctx, row.helperId)),
      };
  } else if (kind === ComplaintSubjectKind.PERSON) {
    const person = await ctx.loaders.person.load(decoded.id);
    if (person)
      subject = {
        kind,
        id: person.id,
        countyId: person.countyId,
        regionId: person.regionId,
        helperId: await helperOf(ctx, 'person_id', person.id),
        personId: person.id,
        organisationId: null,
      };
  } else {
    const organisation = await ctx.loaders.organisation.load(decoded.id);
    if (organisation)
      subject = {
        kind,
        id: organisation.id,
        countyId: organisation.countyId,
        regionId: organisation.regionId,
        helperId: await helperOf(ctx, 'organisation_id', organisation.id),
        personId: null,
        organisationId: organisation.id,
      };
  }
  const region = subject ? await ctx.loaders.region.load(subject.regionId) : undefined;
  if (!subject || !region || !ctx.viewer.covers(region.path)) {
    problems.add('subjectId', UserErrorCode.NOT_FOUND, 'Nothing in your region has this id');
    return undefined;
  }
  return subject;
}

export const reloadComplaint = (ctx: Context) => (id: string) =>
  ctx.em.findOneBy(Complaint, { id }).then((row) => row ?? undefined);

export function submitComplaint(ctx: Context, input: SubmitComplaintInput): Promise<MutationResult<Complaint>> {
  return runMutation(ctx, {
    action: 'submitComplaint',
    input,
    roles: COMPLAINANT_ROLES,
    reload: reloadComplaint(ctx),
    check: async (problems) => {
      const subject = await subjectOf(ctx, input.subjectId, problems);
      if (!subject) return undefined;
      // The complainant: the person an officer files for, else the token's own person.
      const complainantId =
        (input.onBehalfOfId ? idOfType(input.onBehalfOfId, 'Person') : ctx.viewer.claims?.personId) ?? null;
      if (complainantId && complainantId === subject.personId) {
        // The helper complaining about their own visit or agreement complains about the elder's side.
        if (subject.kind === ComplaintSubjectKind.PERSON || !subject.elderId)
          problems.add('subjectId', UserErrorCode.CONFLICT, 'A complaint is about someone else');
        else Object.assign(subject, { helperId: null, personId: subject.elderId, organisationId: null });
      }
      if (input.anonymous && !complainantId)
        problems.add(
          'anonymous',
          UserErrorCode.CONFLICT,
          'An officer filing on their own account is named by office; to hide a villager, name them in onBehalfOfId',
        );
      if (problems.any) return undefined;
      const policy = await mediationPolicyOf(ctx.em, subject.countyId);
      return async () => {
        const id = crypto.randomUUID();
        await ctx.em.query(
          `INSERT INTO complaint (id, county_id, region_id, subject_kind, subject_id, helper_id, concerned_person_id,
                                  concerned_organisation_id, complainant_id, complainant_subject, anonymous, channel, category,
                                  severity, description, status, received_at, acknowledge_due_at, resolve_due_at, timer_awaiting_job)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'RECEIVED', now(),
                   now() + $16 * interval '1 hour', now() + $17 * interval '1 hour', true)`,
          [
            id,
            subject.countyId,
            subject.regionId,
            subject.kind,
            subject.id,
            subject.helperId,
            subject.personId,
            subject.organisationId,
            complainantId,
            ctx.viewer.subject,
            input.anonymous,
            input.channel,
            input.category,
            input.severity,
            input.description.trim(),
            policy.acknowledgeWithinHours,
            policy.resolveWithinHours,
          ],
        );
        // The filing step names no one: who filed is kept on the complaint, where it is guarded.
        await ctx.em.insert(ComplaintStep, {
          complaintId: id,
          fromStatus: null,
          toStatus: ComplaintStatus.RECEIVED,
          actor: 'complainant',
          text: null,
        });
        await announceComplaintTimer(ctx.em);
        const complaint = await ctx.em.findOneByOrFail(Complaint, { id });
        return {
          result: complaint,
          entityType: 'Complaint',
          entityId: id,
          countyId: complaint.countyId,
          changedFields: ['status'],
        };
      };
    },
  });
}
