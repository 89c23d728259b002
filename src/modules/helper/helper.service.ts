import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Context } from '../../context.ts';
import { Role } from '../../auth/role.ts';
import { paginate, type Connection } from '../../common/connection.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import { today } from '../../common/time.ts';
import { ORGANISATIONS_SERVING, canReadOrganisation } from '../organisation/organisation.service.ts';
import { canReadPerson } from '../person/person.service.ts';
import { listScope } from '../region/region.service.ts';
import { Helper, HelperKind } from './helper.entity.ts';
import { Certificate, HelperAvailability } from './helper-parts.entity.ts';
import type {
  AddCertificateInput,
  HelpersArgs,
  PauseHelperInput,
  ResumeHelperInput,
  SetHelperCapacityInput,
} from './helper.inputs.ts';
import { checkCapacity, resolveOwner } from './helper.checks.ts';

/**
 * Proposals name a helper, so an organisation that pledged support through the charity API gets
 * one if it has none: no capacity of its own and no service area, so it is proposed only where
 * it pledged (the pledge carries the minutes).
 */
export async function ensureOrganisationHelper(
  em: EntityManager,
  organisation: { id: string; countyId: string; regionId: string },
): Promise<void> {
  await em.query(
    `INSERT INTO helper (id, county_id, kind, organisation_id, region_id, weekly_minutes, max_elders, consent, consent_at)
     VALUES ($1, $2, $3, $4, $5, 0, 0, true, now()) ON CONFLICT (organisation_id) DO NOTHING`,
    [crypto.randomUUID(), organisation.countyId, HelperKind.ORGANISATION, organisation.id, organisation.regionId],
  );
}

/** Writers, plus a helper entering their own capacity. */
export const CAPACITY_ROLES = [Role.ADMIN, Role.COUNTY_OFFICIAL, Role.COORDINATOR, Role.HELPER];

export async function listHelpers(ctx: Context, args: HelpersArgs): Promise<Connection<Helper>> {
  const scope = await listScope(ctx, args.regionId);
  const query = ctx.em.getRepository(Helper).createQueryBuilder('helper');
  if (scope) {
    query.where(
      `(helper.region_id IN (SELECT id FROM region WHERE :rid = ANY(path)) OR helper.organisation_id IN (${ORGANISATIONS_SERVING}))`,
      { rid: scope.id, rpath: scope.path },
    );
  }
  if (args.serviceType) query.andWhere(':serviceType = ANY(helper.service_types)', { serviceType: args.serviceType });
  // By name (the villager's or the organisation's), as a coordinator looks one up.
  const name = `(SELECT coalesce(p.name, o.name) FROM helper h LEFT JOIN person p ON p.id = h.person_id
                   LEFT JOIN organisation o ON o.id = h.organisation_id WHERE h.id = helper.id)`;
  return paginate(query, args, { sort: { columns: [name, 'helper.id'] }, maxPageSize: ctx.config.maxPageSize });
}

export async function canReadHelper(ctx: Context, helper: Helper): Promise<boolean> {
  if (helper.personId) {
    const person = await ctx.loaders.person.load(helper.personId);
    return Boolean(person && (await canReadPerson(ctx, person)));
  }
  const organisation = await ctx.loaders.organisation.load(helper.organisationId!);
  return Boolean(organisation && (await canReadOrganisation(ctx, organisation)));
}

export async function requireReadableHelper(ctx: Context, globalId: string): Promise<Helper> {
  ctx.viewer.require();
  const id = idOfType(globalId, 'Helper');
  const helper = id ? await ctx.loaders.helper.load(id) : undefined;
  if (!helper) throw notFound('No helper has this id');
  if (!(await canReadHelper(ctx, helper))) throw forbidden('This helper is outside your region');
  return helper;
}

/**
 * The helper row, locked until the transaction ends. Every write that consumes or changes a
 * helper's capacity (confirm, reassign, a capacity change, and later agreements) takes this lock
 * first, so that the room it checks is still there when it writes: without it, four parallel
 * confirmations for a helper with room for one all succeeded.
 */
export async function lockHelper(ctx: Context, id: string): Promise<Helper | null> {
  return ctx.em.findOne(Helper, { where: { id }, lock: { mode: 'pessimistic_write' } });
}

/** The helper behind `globalId` if the viewer may change it (a HELPER only their own). */
async function writableHelper(ctx: Context, globalId: string, problems: Problems): Promise<Helper | undefined> {
  const id = idOfType(globalId, 'Helper');
  const helper = id ? await lockHelper(ctx, id) : null;
  if (!helper || !(await canReadHelper(ctx, helper))) {
    problems.add('helperId', UserErrorCode.NOT_FOUND, 'No helper with this id in your region');
    return undefined;
  }
  const region = await ctx.loaders.region.load(helper.regionId);
  const own =
    ctx.viewer.role === Role.HELPER && helper.personId !== null && helper.personId === ctx.viewer.claims?.personId;
  if (!own && !ctx.viewer.canWrite(region!.path)) throw forbidden('You cannot change this helper');
  return helper;
}

function reloadHelper(ctx: Context) {
  return (id: string) => ctx.em.findOneBy(Helper, { id }).then((row) => row ?? undefined);
}

export function setHelperCapacity(ctx: Context, input: SetHelperCapacityInput): Promise<MutationResult<Helper>> {
  return runMutation(ctx, {
    action: 'setHelperCapacity',
    input,
    roles: CAPACITY_ROLES,
    uniqueConstraints: { helper_person_id_key: 'personId', helper_organisation_id_key: 'organisationId' },
    reload: reloadHelper(ctx),
    check: async (problems) => {
      const owner = await resolveOwner(ctx, input, problems);
      if (!owner) return undefined;
      const existing = await ctx.em.findOneBy(
        Helper,
        owner.kind === HelperKind.PERSON ? { personId: owner.id } : { organisationId: owner.id },
      );
      const certificates = existing ? await ctx.em.findBy(Certificate, { helperId: existing.id }) : [];
      const home = await checkCapacity(ctx, input, owner, certificates, problems);
      if (!home || problems.any) return undefined;
      return async () => {
        const id = existing?.id ?? crypto.randomUUID();
        const consentAt = input.consent ? (existing?.consent ? existing.consentAt : new Date()) : null;
        const row = {
          id,
          countyId: home.countyId,
          kind: owner.kind,
          personId: owner.kind === HelperKind.PERSON ? owner.id : null,
          organisationId: owner.kind === HelperKind.ORGANISATION ? owner.id : null,
          regionId: home.id,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          travelRadiusKm: input.travelRadiusKm ?? 3,
          serviceTypes: [...new Set(input.serviceTypes)],
          weeklyMinutes: input.weeklyMinutes,
          maxElders: input.maxElders,
          dailyOccurrences: input.dailyOccurrences ?? null,
          consent: input.consent,
          consentAt,
        };
        if (existing) await ctx.em.update(Helper, { id }, row);
        else await ctx.em.insert(Helper, { ...row, active: true });
        await ctx.em.delete(HelperAvailability, { helperId: id });
        if (input.availability.length > 0) {
          await ctx.em.insert(
            HelperAvailability,
            input.availability.map((w) => ({
              helperId: id,
              weekday: w.weekday,
              windowStart: w.windowStart,
              windowEnd: w.windowEnd,
            })),
          );
        }
        const helper = await ctx.em.findOneByOrFail(Helper, { id });
        return {
          result: helper,
          entityType: 'Helper',
          entityId: id,
          countyId: helper.countyId,
          changedFields: Object.keys(input).filter((k) => !['channel', 'onBehalfOfId', 'idempotencyKey'].includes(k)),
        };
      };
    },
  });
}

function setActive(
  ctx: Context,
  input: PauseHelperInput | ResumeHelperInput,
  active: boolean,
): Promise<MutationResult<Helper>> {
  return runMutation(ctx, {
    action: active ? 'resumeHelper' : 'pauseHelper',
    input,
    roles: CAPACITY_ROLES,
    reload: reloadHelper(ctx),
    check: async (problems) => {
      const helper = await writableHelper(ctx, input.helperId, problems);
      if (!helper) return undefined;
      if (helper.active === active) {
        problems.add(
          'helperId',
          UserErrorCode.CONFLICT,
          active ? 'The helper is not paused' : 'The helper is already paused',
        );
        return undefined;
      }
      return async () => {
        const reason = active ? null : (input as PauseHelperInput).reason.trim();
        await ctx.em.update(Helper, { id: helper.id }, { active, pausedReason: reason });
        const updated = await ctx.em.findOneByOrFail(Helper, { id: helper.id });
        return {
          result: updated,
          entityType: 'Helper',
          entityId: helper.id,
          countyId: helper.countyId,
          changedFields: ['active', 'pausedReason'],
        };
      };
    },
  });
}

export const pauseHelper = (ctx: Context, input: PauseHelperInput) => setActive(ctx, input, false);
export const resumeHelper = (ctx: Context, input: ResumeHelperInput) => setActive(ctx, input, true);

export function addCertificate(ctx: Context, input: AddCertificateInput): Promise<MutationResult<Certificate>> {
  return runMutation(ctx, {
    action: 'addCertificate',
    input,
    roles: CAPACITY_ROLES,
    reload: (id) => ctx.em.findOneBy(Certificate, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const helper = await writableHelper(ctx, input.helperId, problems);
      const now = today();
      if (input.expiresOn <= now)
        problems.add('expiresOn', UserErrorCode.OUT_OF_RANGE, `The certificate expired on ${input.expiresOn}`);
      if (input.issuedOn && input.issuedOn > now)
        problems.add('issuedOn', UserErrorCode.OUT_OF_RANGE, 'issuedOn lies in the future');
      if (input.issuedOn && input.issuedOn > input.expiresOn)
        problems.add('issuedOn', UserErrorCode.CONFLICT, 'issuedOn is after expiresOn');
      if (!helper || problems.any) return undefined;
      return async () => {
        const id = crypto.randomUUID();
        await ctx.em.insert(Certificate, {
          id,
          helperId: helper.id,
          kind: input.kind,
          number: input.number?.trim() || null,
          issuedOn: input.issuedOn ?? null,
          expiresOn: input.expiresOn,
        });
        const certificate = await ctx.em.findOneByOrFail(Certificate, { id });
        certificate.regionId = helper.regionId;
        ctx.loaders.certificatesOf.clear(helper.id);
        return {
          result: certificate,
          entityType: 'Certificate',
          entityId: id,
          countyId: helper.countyId,
          changedFields: ['kind', 'number', 'issuedOn', 'expiresOn'],
        };
      };
    },
  });
}
