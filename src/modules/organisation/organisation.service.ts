import crypto from 'node:crypto';
import type { Context } from '../../context.ts';
import { paginate, type Connection } from '../../common/connection.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode } from '../../common/user-error.ts';
import { Region } from '../region/region.entity.ts';
import { listScope, viewerScope } from '../region/region.service.ts';
import { Organisation, OrganisationMember, OrganisationServiceArea } from './organisation.entity.ts';
import type { AddOrganisationMemberInput, CreateOrganisationInput, OrganisationsArgs } from './organisation.inputs.ts';
import { cleanName } from '../../common/text.ts';

/**
 * Ids of organisations seated in the region's subtree (`:rid`), or serving a region that
 * contains it (in `:rpath`) or lies inside it.
 */
export const ORGANISATIONS_SERVING = `
  SELECT o.id FROM organisation o WHERE o.region_id IN (SELECT id FROM region WHERE :rid = ANY(path))
  UNION
  SELECT osa.organisation_id FROM organisation_service_area osa JOIN region sr ON sr.id = osa.region_id
  WHERE sr.id = ANY(:rpath) OR :rid = ANY(sr.path)`;

export async function listOrganisations(ctx: Context, args: OrganisationsArgs): Promise<Connection<Organisation>> {
  const scope = await listScope(ctx, args.regionId);
  const query = ctx.em.getRepository(Organisation).createQueryBuilder('organisation');
  if (scope) query.where(`organisation.id IN (${ORGANISATIONS_SERVING})`, { rid: scope.id, rpath: scope.path });
  return paginate(query, args, {
    sort: { columns: ['organisation.name', 'organisation.id'], values: (row) => [row.name, row.id] },
    maxPageSize: ctx.config.maxPageSize,
  });
}

/** Readable when seated inside the viewer's scope or serving any region that overlaps it. */
export async function canReadOrganisation(ctx: Context, organisation: Organisation): Promise<boolean> {
  const seat = await ctx.loaders.region.load(organisation.regionId);
  if (seat && ctx.viewer.covers(seat.path)) return true;
  if (!ctx.viewer.scopeRegionId) return false;
  const scope = await viewerScope(ctx);
  const areas = await ctx.loaders.serviceAreasOf.load(organisation.id);
  const regions = await ctx.loaders.region.loadMany(areas.map((area) => area.regionId));
  return regions.some(
    (region) =>
      region instanceof Region && (ctx.viewer.covers(region.path) || Boolean(scope?.path.includes(region.id))),
  );
}

export async function requireReadableOrganisation(ctx: Context, globalId: string): Promise<Organisation> {
  ctx.viewer.require();
  const id = idOfType(globalId, 'Organisation');
  const organisation = id ? await ctx.loaders.organisation.load(id) : undefined;
  if (!organisation) throw notFound('No organisation has this id');
  if (!(await canReadOrganisation(ctx, organisation))) throw forbidden('This organisation is outside your region');
  return organisation;
}

function reloadOrganisation(ctx: Context) {
  return (id: string) => ctx.em.findOneBy(Organisation, { id }).then((row) => row ?? undefined);
}

export function createOrganisation(
  ctx: Context,
  input: CreateOrganisationInput,
): Promise<MutationResult<Organisation>> {
  return runMutation(ctx, {
    action: 'createOrganisation',
    input,
    uniqueConstraints: { organisation_county_id_name_key: 'name' },
    reload: reloadOrganisation(ctx),
    check: async (problems) => {
      const seatId = idOfType(input.regionId, 'Region');
      const seat = seatId ? await ctx.loaders.region.load(seatId) : undefined;
      if (!seat) {
        problems.add('regionId', UserErrorCode.NOT_FOUND, 'No region has this id');
        return undefined;
      }
      if (!ctx.viewer.canWrite(seat.path)) throw forbidden('You cannot create organisations in this region');
      const areaIds: string[] = [];
      for (const [index, globalId] of input.serviceAreaIds.entries()) {
        const id = idOfType(globalId, 'Region');
        const area = id ? await ctx.loaders.region.load(id) : undefined;
        if (!area) problems.add(`serviceAreaIds.${index}`, UserErrorCode.NOT_FOUND, 'No region has this id');
        else if (area.countyId !== seat.countyId)
          problems.add(
            `serviceAreaIds.${index}`,
            UserErrorCode.OUT_OF_SCOPE,
            "Service areas must lie in the organisation's county",
          );
        // Declaring service in a region puts the organisation on that region's lists and in its
        // matching: only someone who may write there may do it.
        else if (!ctx.viewer.canWrite(area.path))
          problems.add(
            `serviceAreaIds.${index}`,
            UserErrorCode.OUT_OF_SCOPE,
            'You cannot declare service in a region outside your own',
          );
        else if (areaIds.includes(area.id))
          problems.add(`serviceAreaIds.${index}`, UserErrorCode.DUPLICATE, 'This region is listed twice');
        else areaIds.push(area.id);
      }
      if (await ctx.em.existsBy(Organisation, { countyId: seat.countyId, name: cleanName(input.name) })) {
        problems.add('name', UserErrorCode.DUPLICATE, 'An organisation of this name already exists in the county');
      }
      if (problems.any) return undefined;
      return async () => {
        const id = crypto.randomUUID();
        await ctx.em.insert(Organisation, {
          id,
          countyId: seat.countyId,
          regionId: seat.id,
          kind: input.kind,
          name: cleanName(input.name),
        });
        const areas = areaIds.length > 0 ? areaIds : [seat.id];
        await ctx.em.insert(
          OrganisationServiceArea,
          areas.map((regionId) => ({ organisationId: id, regionId })),
        );
        const organisation = await ctx.em.findOneByOrFail(Organisation, { id });
        return {
          result: organisation,
          entityType: 'Organisation',
          entityId: id,
          countyId: seat.countyId,
          changedFields: ['regionId', 'kind', 'name', 'serviceAreaIds'],
        };
      };
    },
  });
}

export function addOrganisationMember(
  ctx: Context,
  input: AddOrganisationMemberInput,
): Promise<MutationResult<Organisation>> {
  return runMutation(ctx, {
    action: 'addOrganisationMember',
    input,
    uniqueConstraints: { organisation_member_pkey: 'personId' },
    reload: reloadOrganisation(ctx),
    check: async (problems) => {
      const organisationId = idOfType(input.organisationId, 'Organisation');
      const organisation = organisationId ? await ctx.loaders.organisation.load(organisationId) : undefined;
      if (!organisation || !(await canReadOrganisation(ctx, organisation))) {
        problems.add('organisationId', UserErrorCode.NOT_FOUND, 'No organisation with this id serves your region');
      }
      const personId = idOfType(input.personId, 'Person');
      const person = personId ? await ctx.loaders.person.load(personId) : undefined;
      const home = person ? await ctx.loaders.region.load(person.regionId) : undefined;
      if (!person || !home || !ctx.viewer.covers(home.path)) {
        problems.add('personId', UserErrorCode.NOT_FOUND, 'No person with this id in your region');
      } else if (!ctx.viewer.canWrite(home.path)) {
        throw forbidden("You cannot change this person's memberships");
      }
      if (!organisation || !person) return undefined;
      if (organisation.countyId !== person.countyId) {
        problems.add('personId', UserErrorCode.OUT_OF_SCOPE, 'The person is registered in another county');
      } else if (await ctx.em.existsBy(OrganisationMember, { organisationId: organisation.id, personId: person.id })) {
        problems.add('personId', UserErrorCode.DUPLICATE, 'This person is already a member');
      }
      if (problems.any) return undefined;
      return async () => {
        await ctx.em.insert(OrganisationMember, {
          organisationId: organisation.id,
          personId: person.id,
          role: input.role?.trim() || null,
        });
        return {
          result: organisation,
          entityType: 'Organisation',
          entityId: organisation.id,
          countyId: organisation.countyId,
          changedFields: ['members'],
        };
      };
    },
  });
}
