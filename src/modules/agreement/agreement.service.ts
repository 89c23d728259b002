import crypto from 'node:crypto';
import { In } from 'typeorm';
import { Role } from '../../auth/role.ts';
import { paginate, type Connection } from '../../common/connection.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { today } from '../../common/time.ts';
import { scheduleVisits } from '../visit/visit-schedule.ts';
import { lockedById } from '../../db/locked.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { needsServedBy } from '../assignment/assignment.service.ts';
import { Helper } from '../helper/helper.entity.ts';
import { Need, NeedHelperPreference } from '../need/need.entity.ts';
import { NeedStatus } from '../need/need.enums.ts';
import { tied } from '../need/need.checks.ts';
import { Person } from '../person/person.entity.ts';
import { listScope } from '../region/region.service.ts';
import type { Region } from '../region/region.entity.ts';
import { AgreementChange, CareAgreement, CareAgreementNeed } from './agreement.entity.ts';
import { AgreementParty, AgreementStatus } from './agreement.enums.ts';
import type { CareAgreementsArgs, ChangeCareAgreementInput, CreateCareAgreementInput } from './agreement.inputs.ts';
import { defaultCareMode } from './care-mode.ts';

/** Officers who draft agreements, record paper and thumbprint signatures, suspend and resume. */
export const AGREEMENT_OFFICERS = [Role.ADMIN, Role.COUNTY_OFFICIAL, Role.COORDINATOR];
/** Who may sign or end one: the officers, and the parties themselves (a helper, a family proxy). */
export const PARTY_ROLES = [...AGREEMENT_OFFICERS, Role.HELPER, Role.FAMILY_PROXY];

/** The parties whose signatures make an agreement ACTIVE. */
export function requiredParties(agreement: CareAgreement): AgreementParty[] {
  return [
    AgreementParty.ELDER,
    ...(agreement.proxyId ? [AgreementParty.PROXY] : []),
    AgreementParty.HELPER,
    AgreementParty.WITNESS,
  ];
}

/** The viewer's own person (a helper's or a family member's token names it). */
export function viewerPersonId(ctx: Context): string | undefined {
  return ctx.viewer.claims?.personId;
}

/** Is the viewer, in person, this party of the agreement? */
export async function isParty(ctx: Context, agreement: CareAgreement, party: AgreementParty): Promise<boolean> {
  const me = viewerPersonId(ctx);
  if (!me) return false;
  if (party === AgreementParty.ELDER) return agreement.elderId === me;
  if (party === AgreementParty.PROXY) return agreement.proxyId === me;
  if (party !== AgreementParty.HELPER) return false;
  const helper = await ctx.loaders.helper.load(agreement.helperId);
  if (helper?.personId) return helper.personId === me;
  const memberships = await ctx.loaders.membershipsOf.load(me);
  return memberships.some((m) => m.organisationId === helper?.organisationId);
}

export async function regionOf(ctx: Context, agreement: CareAgreement): Promise<Region> {
  return (await ctx.loaders.region.load(agreement.regionId))!;
}

/**
 * Who reads an agreement: officers and supervisors of its region; a helper or a family member
 * only an agreement they are a party to.
 */
export async function canReadAgreement(ctx: Context, agreement: CareAgreement): Promise<boolean> {
  const region = await regionOf(ctx, agreement);
  if (!ctx.viewer.covers(region.path)) return false;
  const role = ctx.viewer.role;
  if (role !== Role.HELPER && role !== Role.FAMILY_PROXY) return role !== Role.CHARITY;
  for (const party of [AgreementParty.ELDER, AgreementParty.PROXY, AgreementParty.HELPER])
    if (await isParty(ctx, agreement, party)) return true;
  // A family member (kin or spouse) follows their elder's care, as a proxy would.
  const me = viewerPersonId(ctx);
  if (role !== Role.FAMILY_PROXY || !me) return false;
  const [{ family }]: { family: boolean }[] = await ctx.em.query(
    `SELECT EXISTS (${FAMILY_OF_SQL('$1', '$2')}) AS family`,
    [me, agreement.elderId],
  );
  return family;
}

/**
 * SQL: a kin or spouse tie between the person `me` and the elder `elder` (SQL expressions).
 * The one rule for "the family of an elder" the agreement and visit lists share.
 */
export const FAMILY_OF_SQL = (me: string, elder: string) =>
  `SELECT 1 FROM relationship r WHERE r.kind IN ('KIN', 'SPOUSE')
      AND ((r.person_a_id = ${me} AND r.person_b_id = ${elder}) OR (r.person_b_id = ${me} AND r.person_a_id = ${elder}))`;

/** SQL condition on an agreement alias `a`: the viewer `:me` is a party to it, or of the elder's family (FAMILY_PROXY). */
export function partyOrFamilySql(role: Role | undefined): string {
  const party = `a.elder_id = :me OR a.proxy_id = :me OR a.helper_id IN (
          SELECT h.id FROM helper h WHERE h.person_id = :me
           OR h.organisation_id IN (SELECT organisation_id FROM organisation_member WHERE person_id = :me))`;
  return role === Role.FAMILY_PROXY ? `(${party} OR EXISTS (${FAMILY_OF_SQL(':me', 'a.elder_id')}))` : `(${party})`;
}

export async function requireReadableAgreement(ctx: Context, globalId: string): Promise<CareAgreement> {
  ctx.viewer.require();
  const id = idOfType(globalId, 'CareAgreement');
  const agreement = id ? await ctx.loaders.careAgreement.load(id) : undefined;
  if (!agreement) throw notFound('No care agreement has this id');
  if (!(await canReadAgreement(ctx, agreement))) throw forbidden('You may not read this agreement');
  return agreement;
}

export async function listAgreements(ctx: Context, args: CareAgreementsArgs): Promise<Connection<CareAgreement>> {
  ctx.viewer.require();
  if (ctx.viewer.role === Role.CHARITY) throw forbidden('Charities do not read care agreements');
  const scope = await listScope(ctx, args.regionId);
  const query = ctx.em.getRepository(CareAgreement).createQueryBuilder('a');
  if (scope) query.where('a.region_id IN (SELECT id FROM region WHERE :scope = ANY(path))', { scope: scope.id });
  if (args.status?.length) query.andWhere('a.status IN (:...statuses)', { statuses: args.status });
  if (args.elderId) query.andWhere('a.elder_id = :elder', { elder: idOfType(args.elderId, 'Person') ?? null });
  if (args.helperId) query.andWhere('a.helper_id = :helper', { helper: idOfType(args.helperId, 'Helper') ?? null });
  if (ctx.viewer.role === Role.HELPER || ctx.viewer.role === Role.FAMILY_PROXY) {
    // Only their own agreements: as the elder, the proxy, the helper, a member of the helping
    // organisation, or (a family member) of the elder's kin.
    query.andWhere(partyOrFamilySql(ctx.viewer.role), { me: viewerPersonId(ctx) ?? null });
  }
  return paginate(query, args, {
    sort: { columns: ["date_trunc('milliseconds', a.created_at)", 'a.id'], descending: true },
    maxPageSize: ctx.config.maxPageSize,
  });
}

/** The agreement of the input, locked for this transaction; NOT_FOUND on `agreementId` otherwise. */
export async function lockedAgreement(
  ctx: Context,
  globalId: string,
  problems: Problems,
): Promise<CareAgreement | null> {
  const id = idOfType(globalId, 'CareAgreement');
  const agreement = await lockedById(ctx.em, CareAgreement, id);
  if (!agreement || !(await canReadAgreement(ctx, agreement))) {
    problems.add('agreementId', UserErrorCode.NOT_FOUND, 'No care agreement you may read has this id');
    return null;
  }
  return agreement;
}

export async function recordChange(
  ctx: Context,
  agreement: CareAgreement,
  to: AgreementStatus,
  reason: string | null,
  extra: Partial<CareAgreement> = {},
): Promise<void> {
  await ctx.em.update(CareAgreement, { id: agreement.id }, { status: to, ...extra });
  await ctx.em.insert(AgreementChange, {
    agreementId: agreement.id,
    fromStatus: agreement.status === to ? null : agreement.status,
    toStatus: to,
    actor: ctx.viewer.subject,
    reason,
  });
}

export const reload = (ctx: Context) => (id: string) =>
  ctx.em.findOneBy(CareAgreement, { id }).then((row) => row ?? undefined);

export const written = (agreement: CareAgreement, changedFields: string[]) => ({
  result: agreement,
  entityType: 'CareAgreement',
  entityId: agreement.id,
  countyId: agreement.countyId,
  changedFields,
});

/** Is this helper barred for this elder: refused on one of the needs, or excluded after an ended agreement? */
async function refusedByElder(ctx: Context, elderId: string, helperId: string, needIds: string[]): Promise<boolean> {
  const refused = await ctx.em.countBy(NeedHelperPreference, {
    helperId,
    preferred: false,
    needId: In(needIds),
  });
  const [{ excluded }]: { excluded: boolean }[] = await ctx.em.query(
    `SELECT EXISTS (SELECT 1 FROM elder_helper_exclusion WHERE elder_id = $1 AND helper_id = $2 AND lifted_at IS NULL) AS excluded`,
    [elderId, helperId],
  );
  return refused > 0 || excluded;
}

/** Checks the needs an agreement covers; returns them, locked, when they all may be covered. */
async function checkNeeds(
  ctx: Context,
  input: CreateCareAgreementInput,
  elder: Person,
  helper: Helper,
  problems: Problems,
): Promise<Need[]> {
  const ids = input.needIds.map((id) => idOfType(id, 'Need'));
  const malformed = ids.some((id) => !id);
  const twice = new Set(ids).size !== ids.length;
  if (malformed) problems.add('needIds', UserErrorCode.NOT_FOUND, 'Not every id is a need id');
  if (twice) problems.add('needIds', UserErrorCode.DUPLICATE, 'A need is named twice');
  if (malformed || twice) return [];
  const needs = await ctx.em
    .getRepository(Need)
    .createQueryBuilder('n')
    .setLock('pessimistic_write')
    .where('n.id = ANY(:ids)', { ids })
    .getMany();
  if (needs.length !== ids.length || needs.some((need) => need.elderId !== elder.id)) {
    problems.add('needIds', UserErrorCode.NOT_FOUND, "Every need must be one of this elder's needs");
    return [];
  }
  const served = await needsServedBy(ctx.em, helper.id, ids as string[]);
  for (const need of needs) {
    if (!served.has(need.id) && need.status !== NeedStatus.OPEN)
      problems.add(
        'needIds',
        UserErrorCode.CONFLICT,
        need.status === NeedStatus.PROPOSED
          ? 'A need has proposals waiting: confirm or reject them first'
          : `A need is ${need.status} and not served by this helper: only OPEN needs or needs this helper serves can be covered`,
      );
    if (!helper.serviceTypes.includes(need.serviceType))
      problems.add('needIds', UserErrorCode.CONFLICT, `This helper does not offer ${need.serviceType}`);
  }
  const [{ covered }]: { covered: number }[] = await ctx.em.query(
    `SELECT count(*)::int AS covered FROM care_agreement_need an JOIN care_agreement a ON a.id = an.agreement_id
      WHERE an.need_id = ANY($1) AND a.helper_id = $2 AND a.status <> 'ENDED'`,
    [ids, helper.id],
  );
  if (covered > 0)
    problems.add('needIds', UserErrorCode.DUPLICATE, 'A need is already covered by an agreement with this helper');
  return needs;
}

export function createCareAgreement(
  ctx: Context,
  input: CreateCareAgreementInput,
): Promise<MutationResult<CareAgreement>> {
  return runMutation(ctx, {
    action: 'createCareAgreement',
    input,
    roles: AGREEMENT_OFFICERS,
    reload: reload(ctx),
    check: async (problems) => {
      const elderId = idOfType(input.elderId, 'Person');
      const elder = elderId ? await ctx.loaders.person.load(elderId) : undefined;
      const region = elder ? await ctx.loaders.region.load(elder.regionId) : undefined;
      if (!elder || !region || !ctx.viewer.covers(region.path)) {
        problems.add('elderId', UserErrorCode.NOT_FOUND, 'No person in your region has this id');
        return undefined;
      }
      if (!ctx.viewer.canWrite(region.path)) throw forbidden('You cannot make agreements in this region');
      if (!elder.isElder) problems.add('elderId', UserErrorCode.WRONG_KIND, 'This person is not an elder');
      const helperId = idOfType(input.helperId, 'Helper');
      const helper = helperId ? await ctx.loaders.helper.load(helperId) : undefined;
      if (!helper || helper.countyId !== elder.countyId) {
        problems.add('helperId', UserErrorCode.NOT_FOUND, 'No helper in this county has this id');
        return undefined;
      }
      if (helper.personId === elder.id)
        problems.add('helperId', UserErrorCode.CONFLICT, 'The elder cannot be their own helper');
      let proxyId: string | null = null;
      if (input.proxyId) {
        proxyId = idOfType(input.proxyId, 'Person') ?? null;
        const proxy = proxyId ? await ctx.loaders.person.load(proxyId) : undefined;
        if (!proxy) problems.add('proxyId', UserErrorCode.NOT_FOUND, 'No person has this id');
        else if (proxy.id === elder.id)
          problems.add('proxyId', UserErrorCode.CONFLICT, 'The elder is not their own proxy');
        else if (!(await tied(ctx, proxy.id, elder.id)))
          problems.add('proxyId', UserErrorCode.NO_TIE, 'The proxy must be tied to the elder (kin, spouse …)');
      }
      const duties = input.duties.map((d) => d.duty);
      if (new Set(duties).size !== duties.length)
        problems.add('duties', UserErrorCode.DUPLICATE, 'Each duty is named once, with everything agreed in its text');
      if (input.endDate && input.endDate < input.startDate)
        problems.add('endDate', UserErrorCode.OUT_OF_RANGE, 'endDate must not be before startDate');
      if (input.reviewDate && input.reviewDate < input.startDate)
        problems.add('reviewDate', UserErrorCode.OUT_OF_RANGE, 'reviewDate must not be before startDate');
      const needs = await checkNeeds(ctx, input, elder, helper, problems);
      if (
        !problems.any &&
        (await refusedByElder(
          ctx,
          elder.id,
          helper.id,
          needs.map((n) => n.id),
        ))
      )
        problems.add('helperId', UserErrorCode.CONFLICT, 'The elder refused this helper');
      if (problems.any) return undefined;
      const careMode = input.careMode ?? (await defaultCareMode(ctx, elder, helper, needs));
      return async () => {
        const id = crypto.randomUUID();
        await ctx.em.insert(CareAgreement, {
          id,
          countyId: elder.countyId,
          regionId: elder.regionId,
          elderId: elder.id,
          proxyId,
          helperId: helper.id,
          careMode,
          duties: input.duties.map((d) => ({ duty: d.duty, text: d.text.trim() })),
          startDate: input.startDate,
          endDate: input.endDate ?? null,
          reviewDate: input.reviewDate ?? null,
          status: AgreementStatus.DRAFT,
          createdBy: ctx.viewer.subject,
        });
        await ctx.em.insert(
          CareAgreementNeed,
          needs.map((need) => ({ agreementId: id, needId: need.id })),
        );
        await ctx.em.insert(AgreementChange, {
          agreementId: id,
          fromStatus: null,
          toStatus: AgreementStatus.DRAFT,
          actor: ctx.viewer.subject,
          reason: 'drafted',
        });
        return written(await ctx.em.findOneByOrFail(CareAgreement, { id }), ['status']);
      };
    },
  });
}

function changeStatus(
  ctx: Context,
  input: ChangeCareAgreementInput,
  action: string,
  from: AgreementStatus,
  to: AgreementStatus,
): Promise<MutationResult<CareAgreement>> {
  return runMutation(ctx, {
    action,
    input,
    roles: AGREEMENT_OFFICERS,
    reload: reload(ctx),
    check: async (problems) => {
      const agreement = await lockedAgreement(ctx, input.agreementId, problems);
      if (!agreement) return undefined;
      if (!ctx.viewer.canWrite((await regionOf(ctx, agreement)).path))
        throw forbidden('You cannot change agreements in this region');
      if (agreement.status !== from)
        problems.add('agreementId', UserErrorCode.CONFLICT, `The agreement is ${agreement.status}, not ${from}`);
      if (problems.any) return undefined;
      return async () => {
        await recordChange(ctx, agreement, to, input.reason.trim());
        // Suspended: its future visits go; resumed: they are laid out again.
        await scheduleVisits(ctx.em, today(ctx.config.now()), { agreementId: agreement.id });
        return written(await ctx.em.findOneByOrFail(CareAgreement, { id: agreement.id }), ['status']);
      };
    },
  });
}

export const suspendCareAgreement = (ctx: Context, input: ChangeCareAgreementInput) =>
  changeStatus(ctx, input, 'suspendCareAgreement', AgreementStatus.ACTIVE, AgreementStatus.SUSPENDED);

export const resumeCareAgreement = (ctx: Context, input: ChangeCareAgreementInput) =>
  changeStatus(ctx, input, 'resumeCareAgreement', AgreementStatus.SUSPENDED, AgreementStatus.ACTIVE);
