import { Role } from '../../auth/role.ts';
import { paginate, type Connection } from '../../common/connection.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import type { MutationInput } from '../../common/mutation-input.ts';
import { lockedById } from '../../db/locked.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { today } from '../../common/time.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { AgreementParty } from '../agreement/agreement.enums.ts';
import { canReadAgreement, isParty, PARTY_ROLES, partyOrFamilySql } from '../agreement/agreement.service.ts';
import { tied } from '../need/need.checks.ts';
import { listScope } from '../region/region.service.ts';
import { Visit } from './visit.entity.ts';
import { CareAlertKind, VisitStatus } from './visit.enums.ts';
import { announceCareAlert } from './care-alerts.ts';
import type {
  CheckInVisitInput,
  CheckOutVisitInput,
  ConfirmVisitInput,
  VisitReasonInput,
  VisitsArgs,
} from './visit.inputs.ts';

/**
 * Visits, after the agreement (issue #15). A visit is read with its agreement; the helper (or an
 * officer of the village, the channel recorded) checks in and out; the elder, the proxy or kin
 * (or an officer recording it for them) confirms and rates; a supervisor may check it instead.
 * Only those two make a visit VERIFIED. Every write takes the idempotency key, so a phone that
 * retries a check-out writes it once.
 */

export async function canReadVisit(ctx: Context, visit: Visit): Promise<boolean> {
  const agreement = await ctx.loaders.careAgreement.load(visit.agreementId);
  return Boolean(agreement && (await canReadAgreement(ctx, agreement)));
}

export async function requireReadableVisit(ctx: Context, globalId: string): Promise<Visit> {
  ctx.viewer.require();
  const id = idOfType(globalId, 'Visit');
  const visit = id ? await ctx.loaders.visit.load(id) : undefined;
  if (!visit) throw notFound('No visit has this id');
  if (!(await canReadVisit(ctx, visit))) throw forbidden('You may not read this visit');
  return visit;
}

/** Is the viewer the helper of this visit's agreement? */
export async function isVisitHelper(ctx: Context, visit: Visit): Promise<boolean> {
  const agreement = await ctx.loaders.careAgreement.load(visit.agreementId);
  return Boolean(agreement && (await isParty(ctx, agreement, AgreementParty.HELPER)));
}

async function isOfficer(ctx: Context, visit: Visit): Promise<boolean> {
  const region = await ctx.loaders.region.load(visit.regionId);
  return Boolean(region && ctx.viewer.canWrite(region.path));
}

export async function listVisits(ctx: Context, args: VisitsArgs): Promise<Connection<Visit>> {
  ctx.viewer.require();
  if (ctx.viewer.role === Role.CHARITY) throw forbidden('Charities do not read visits');
  const scope = await listScope(ctx, args.regionId);
  const query = ctx.em.getRepository(Visit).createQueryBuilder('v');
  if (scope) query.where('v.region_id IN (SELECT id FROM region WHERE :scope = ANY(path))', { scope: scope.id });
  if (args.agreementId)
    query.andWhere('v.agreement_id = :agreement', { agreement: idOfType(args.agreementId, 'CareAgreement') ?? null });
  if (args.helperId) query.andWhere('v.helper_id = :helper', { helper: idOfType(args.helperId, 'Helper') ?? null });
  if (args.elderId) query.andWhere('v.elder_id = :elder', { elder: idOfType(args.elderId, 'Person') ?? null });
  if (args.from) query.andWhere('v.scheduled_date >= :from', { from: args.from });
  if (args.to) query.andWhere('v.scheduled_date <= :to', { to: args.to });
  if (args.status?.length) query.andWhere('v.status IN (:...statuses)', { statuses: args.status });
  if (ctx.viewer.role === Role.HELPER || ctx.viewer.role === Role.FAMILY_PROXY) {
    // Only visits of agreements they may read (as canReadAgreement says).
    query.andWhere(`v.agreement_id IN (SELECT a.id FROM care_agreement a WHERE ${partyOrFamilySql(ctx.viewer.role)})`, {
      me: ctx.viewer.claims?.personId ?? null,
    });
  }
  return paginate(query, args, {
    sort: { columns: ['v.scheduled_date::text', 'v.window_start::text', 'v.id'] },
    maxPageSize: ctx.config.maxPageSize,
  });
}

/** The viewer's own visits today (as a helper, or for the organisation they work for), in time order. */
export async function myVisitsToday(ctx: Context): Promise<Visit[]> {
  const me = ctx.viewer.require().personId;
  if (!me) return [];
  return ctx.em
    .query(
      `SELECT id FROM visit WHERE scheduled_date = $2 AND helper_id IN (
        SELECT h.id FROM helper h WHERE h.person_id = $1
         OR h.organisation_id IN (SELECT organisation_id FROM organisation_member WHERE person_id = $1))
      ORDER BY window_start, id`,
      [me, today(ctx.config.now())],
    )
    .then(async (rows: { id: string }[]) => (await ctx.loaders.visit.loadMany(rows.map((r) => r.id))) as Visit[]);
}

/** The visit of the input, locked; NOT_FOUND on `visitId` when the viewer may not read it. */
async function lockedVisit(ctx: Context, globalId: string, problems: Problems): Promise<Visit | null> {
  const id = idOfType(globalId, 'Visit');
  const visit = await lockedById(ctx.em, Visit, id);
  if (!visit || !(await canReadVisit(ctx, visit))) {
    problems.add('visitId', UserErrorCode.NOT_FOUND, 'No visit you may read has this id');
    return null;
  }
  return visit;
}

/** When a check-in or out happened: as the phone said (not in the future, on the visit's day), or now. */
function momentOf(ctx: Context, visit: Visit, at: Date | null | undefined, problems: Problems): Date {
  const now = ctx.config.now();
  const moment = at ?? now;
  if (moment.getTime() > now.getTime() + 5 * 60_000)
    problems.add('at', UserErrorCode.OUT_OF_RANGE, 'at must not be in the future');
  else if (today(moment) !== visit.scheduledDate)
    problems.add('at', UserErrorCode.OUT_OF_RANGE, `A visit is recorded on its day, ${visit.scheduledDate}`);
  return moment;
}

/** What a visit mutation changes, once its checks passed; `after` runs in the same transaction. */
interface VisitChange {
  changes: Partial<Visit>;
  fields: string[];
  after?: () => Promise<void>;
}

/**
 * The shape every visit mutation shares: the visit locked and readable (else NOT_FOUND on
 * `visitId`), the mutation's own checks (`decide` adds problems, or says what to change), then
 * one update, and the visit as it now is.
 */
function visitMutation(
  ctx: Context,
  action: string,
  input: MutationInput & { visitId: string },
  roles: readonly Role[],
  decide: (visit: Visit, problems: Problems) => Promise<VisitChange | undefined>,
): Promise<MutationResult<Visit>> {
  return runMutation(ctx, {
    action,
    input,
    roles,
    reload: (id) => ctx.em.findOneBy(Visit, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const visit = await lockedVisit(ctx, input.visitId, problems);
      if (!visit) return undefined;
      const change = await decide(visit, problems);
      if (problems.any || !change) return undefined;
      return async () => {
        await ctx.em.update(Visit, { id: visit.id }, change.changes);
        await change.after?.();
        return {
          result: await ctx.em.findOneByOrFail(Visit, { id: visit.id }),
          entityType: 'Visit',
          entityId: visit.id,
          countyId: visit.countyId,
          changedFields: change.fields,
        };
      };
    },
  });
}

/** A state the mutation starts from, or a CONFLICT on `visitId` saying so. */
function requireStatus(visit: Visit, status: VisitStatus, problems: Problems, doing: string): void {
  if (visit.status !== status)
    problems.add('visitId', UserErrorCode.CONFLICT, `The visit is ${visit.status}: ${doing}`);
}

async function checkRecorder(ctx: Context, visit: Visit, problems: Problems): Promise<void> {
  if (!(await isVisitHelper(ctx, visit)) && !(await isOfficer(ctx, visit)))
    problems.add(
      'visitId',
      UserErrorCode.OUT_OF_SCOPE,
      "Only the visit's helper, or an officer of the village for them, records it",
    );
}

const location = (input: CheckInVisitInput) =>
  input.location ? { latitude: input.location.latitude, longitude: input.location.longitude } : null;

export function checkInVisit(ctx: Context, input: CheckInVisitInput): Promise<MutationResult<Visit>> {
  return visitMutation(ctx, 'checkInVisit', input, PARTY_ROLES, async (visit, problems) => {
    await checkRecorder(ctx, visit, problems);
    requireStatus(visit, VisitStatus.SCHEDULED, problems, 'only a SCHEDULED visit is checked in');
    const at = momentOf(ctx, visit, input.at, problems);
    const [busy] = await ctx.em.query(
      `SELECT count(*)::int AS n FROM visit WHERE helper_id = $1 AND status = 'CHECKED_IN' AND id <> $2`,
      [visit.helperId, visit.id],
    );
    if (busy.n > 0)
      problems.add(
        'visitId',
        UserErrorCode.CONFLICT,
        'The helper is checked in at another visit: check out of it first',
      );
    return {
      changes: {
        status: VisitStatus.CHECKED_IN,
        checkedInAt: at,
        checkInLocation: location(input),
        recordedBy: ctx.viewer.subject,
        entryChannel: input.channel,
      },
      fields: ['status', 'checkedInAt'],
    };
  });
}

export function checkOutVisit(ctx: Context, input: CheckOutVisitInput): Promise<MutationResult<Visit>> {
  return visitMutation(ctx, 'checkOutVisit', input, PARTY_ROLES, async (visit, problems) => {
    await checkRecorder(ctx, visit, problems);
    requireStatus(visit, VisitStatus.CHECKED_IN, problems, 'check in before checking out');
    const at = momentOf(ctx, visit, input.at, problems);
    if (visit.checkedInAt && at.getTime() < visit.checkedInAt.getTime())
      problems.add('at', UserErrorCode.OUT_OF_RANGE, 'A check-out comes after its check-in');
    return {
      changes: {
        status: VisitStatus.DONE,
        checkedOutAt: at,
        checkOutLocation: location(input),
        doneNotes: input.notes.trim(),
      },
      fields: ['status', 'checkedOutAt', 'doneNotes'],
    };
  });
}

/** The elder, their proxy or kin (in person), or an officer recording it for them. */
async function speaksForElder(ctx: Context, visit: Visit): Promise<boolean> {
  if (await isOfficer(ctx, visit)) return true;
  const agreement = await ctx.loaders.careAgreement.load(visit.agreementId);
  if (!agreement) return false;
  if ((await isParty(ctx, agreement, AgreementParty.ELDER)) || (await isParty(ctx, agreement, AgreementParty.PROXY)))
    return true;
  const me = ctx.viewer.claims?.personId;
  return ctx.viewer.role === Role.FAMILY_PROXY && me !== undefined && (await tied(ctx, me, visit.elderId));
}

export function confirmVisit(ctx: Context, input: ConfirmVisitInput): Promise<MutationResult<Visit>> {
  return visitMutation(ctx, 'confirmVisit', input, PARTY_ROLES, async (visit, problems) => {
    if (!(await speaksForElder(ctx, visit)))
      problems.add(
        'visitId',
        UserErrorCode.OUT_OF_SCOPE,
        "Only the visit's elder, their proxy or family, or an officer for them, confirms it",
      );
    requireStatus(visit, VisitStatus.DONE, problems, 'only a DONE visit is confirmed');
    const now = ctx.config.now();
    return {
      changes: {
        status: VisitStatus.VERIFIED,
        rating: input.rating,
        ratingTags: input.tags.map((tag) => tag.trim()),
        ratingComment: input.comment?.trim() || null,
        confirmedAt: now,
        confirmedBy: ctx.viewer.subject,
        verifiedAt: now,
        verifiedBy: ctx.viewer.subject,
      },
      fields: ['status', 'rating'],
      after: async () => {
        ctx.record({ type: 'VisitVerified', visitId: visit.id });
        if (input.rating <= 2) await announceCareAlert(ctx.em, CareAlertKind.LOW_RATING, [visit.id]);
      },
    };
  });
}

export function verifyVisit(ctx: Context, input: VisitReasonInput): Promise<MutationResult<Visit>> {
  return visitMutation(ctx, 'verifyVisit', input, [Role.ADMIN, Role.SUPERVISOR], async (visit, problems) => {
    requireStatus(visit, VisitStatus.DONE, problems, 'only a DONE visit is checked');
    return {
      changes: {
        status: VisitStatus.VERIFIED,
        verifiedAt: ctx.config.now(),
        verifiedBy: `${ctx.viewer.subject}: ${input.reason.trim()}`,
      },
      fields: ['status'],
      after: async () => ctx.record({ type: 'VisitVerified', visitId: visit.id }),
    };
  });
}

export function cancelVisit(ctx: Context, input: VisitReasonInput): Promise<MutationResult<Visit>> {
  return visitMutation(ctx, 'cancelVisit', input, PARTY_ROLES, async (visit, problems) => {
    if (!(await isVisitHelper(ctx, visit)) && !(await speaksForElder(ctx, visit)))
      problems.add(
        'visitId',
        UserErrorCode.OUT_OF_SCOPE,
        'Only its helper, its elder (or their family) or an officer cancels a visit',
      );
    requireStatus(visit, VisitStatus.SCHEDULED, problems, 'only a SCHEDULED visit is cancelled');
    return { changes: { status: VisitStatus.CANCELLED, cancelReason: input.reason.trim() }, fields: ['status'] };
  });
}
