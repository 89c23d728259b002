import type { Context } from '../../context.ts';
import { Role } from '../../auth/role.ts';
import { forbidden } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { minutesOfDay, today } from '../../common/time.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import { SERVICE_TYPES } from '../catalogue/service-type.enum.ts';
import { Region } from '../region/region.entity.ts';
import { RegionKind } from '../region/region.enums.ts';
import { HelperKind } from './helper.entity.ts';
import type { Certificate } from './helper-parts.entity.ts';
import type { AvailabilityWindowInput, SetHelperCapacityInput } from './helper.inputs.ts';

export interface HelperOwner {
  kind: HelperKind;
  id: string;
  /** The person's region or the organisation's seat. */
  region: Region;
}

const MINUTES_IN_WEEK = 7 * 24 * 60;

/** The person or organisation the capacity belongs to, checked for existence and scope. */
export async function resolveOwner(
  ctx: Context,
  input: SetHelperCapacityInput,
  problems: Problems,
): Promise<HelperOwner | undefined> {
  if ((input.personId == null) === (input.organisationId == null)) {
    problems.add('personId', UserErrorCode.CONFLICT, 'Give exactly one of personId and organisationId');
    return undefined;
  }
  let owner: HelperOwner | undefined;
  if (input.personId != null) {
    const id = idOfType(input.personId, 'Person');
    const person = id ? await ctx.loaders.person.load(id) : undefined;
    const region = person ? await ctx.loaders.region.load(person.regionId) : undefined;
    if (person && region && ctx.viewer.covers(region.path)) owner = { kind: HelperKind.PERSON, id: person.id, region };
    else problems.add('personId', UserErrorCode.NOT_FOUND, 'No person with this id in your region');
  } else {
    const id = idOfType(input.organisationId!, 'Organisation');
    const organisation = id ? await ctx.loaders.organisation.load(id) : undefined;
    const region = organisation ? await ctx.loaders.region.load(organisation.regionId) : undefined;
    if (organisation && region && ctx.viewer.covers(region.path))
      owner = { kind: HelperKind.ORGANISATION, id: organisation.id, region };
    else problems.add('organisationId', UserErrorCode.NOT_FOUND, 'No organisation seated in your region has this id');
  }
  if (!owner) return undefined;
  const self =
    ctx.viewer.role === Role.HELPER && owner.kind === HelperKind.PERSON && ctx.viewer.claims?.personId === owner.id;
  if (ctx.viewer.role === Role.HELPER ? !self : !ctx.viewer.canWrite(owner.region.path)) {
    throw forbidden("You cannot set this helper's capacity");
  }
  return owner;
}

function checkWindows(windows: AvailabilityWindowInput[], problems: Problems): void {
  windows.forEach((window, index) => {
    const field = `availability.${index}`;
    if (minutesOfDay(window.windowEnd) <= minutesOfDay(window.windowStart)) {
      problems.add(
        `${field}.windowEnd`,
        UserErrorCode.CONFLICT,
        `The window ends (${window.windowEnd}) before it starts (${window.windowStart})`,
      );
      return;
    }
    const overlap = windows.findIndex(
      (other, j) =>
        j < index &&
        other.weekday === window.weekday &&
        minutesOfDay(other.windowStart) < minutesOfDay(window.windowEnd) &&
        minutesOfDay(window.windowStart) < minutesOfDay(other.windowEnd),
    );
    if (overlap >= 0)
      problems.add(
        `${field}.windowStart`,
        UserErrorCode.CONFLICT,
        `Overlaps availability.${overlap} on the same weekday`,
      );
  });
}

/** Checks every capacity field; returns the helper's home region when valid. */
/**
 * What one capacity may declare. A person gives at most a week of minutes and looks after at most
 * 50 elders; an organisation (a charity home, a canteen) up to ten staff-weeks, 5,000 elders and
 * 5,000 bulk occurrences a day. These depend on who owns the capacity, so they are checked here
 * rather than declared on the input.
 */
export const CAPACITY_LIMITS = {
  person: { weeklyMinutes: MINUTES_IN_WEEK, maxElders: 50 },
  organisation: { weeklyMinutes: MINUTES_IN_WEEK * 10, maxElders: 5000, dailyOccurrences: 5000 },
  travelRadiusKm: 100,
} as const;

export async function checkCapacity(
  ctx: Context,
  input: SetHelperCapacityInput,
  owner: HelperOwner,
  certificates: Certificate[],
  problems: Problems,
): Promise<Region | undefined> {
  const isPerson = owner.kind === HelperKind.PERSON;
  const limits = isPerson ? CAPACITY_LIMITS.person : CAPACITY_LIMITS.organisation;
  if (!Number.isInteger(input.weeklyMinutes) || input.weeklyMinutes < 0 || input.weeklyMinutes > limits.weeklyMinutes) {
    problems.add(
      'weeklyMinutes',
      UserErrorCode.OUT_OF_RANGE,
      `weeklyMinutes must be between 0 and ${limits.weeklyMinutes}`,
    );
  }
  if (input.maxElders < 0 || input.maxElders > limits.maxElders)
    problems.add('maxElders', UserErrorCode.OUT_OF_RANGE, `maxElders must be between 0 and ${limits.maxElders}`);
  if (input.dailyOccurrences != null) {
    if (isPerson)
      problems.add('dailyOccurrences', UserErrorCode.CONFLICT, 'Only organisations offer bulk daily capacity');
    else if (input.dailyOccurrences < 1 || input.dailyOccurrences > CAPACITY_LIMITS.organisation.dailyOccurrences)
      problems.add(
        'dailyOccurrences',
        UserErrorCode.OUT_OF_RANGE,
        `dailyOccurrences must be between 1 and ${CAPACITY_LIMITS.organisation.dailyOccurrences}`,
      );
  }
  if (
    input.travelRadiusKm != null &&
    (input.travelRadiusKm <= 0 || input.travelRadiusKm > CAPACITY_LIMITS.travelRadiusKm)
  ) {
    problems.add(
      'travelRadiusKm',
      UserErrorCode.OUT_OF_RANGE,
      `travelRadiusKm must be above 0 and at most ${CAPACITY_LIMITS.travelRadiusKm}`,
    );
  }
  if ((input.latitude == null) !== (input.longitude == null))
    problems.add('longitude', UserErrorCode.REQUIRED, 'Give latitude and longitude together');
  if (input.latitude != null && Math.abs(input.latitude) > 90)
    problems.add('latitude', UserErrorCode.OUT_OF_RANGE, 'latitude must be between -90 and 90');
  if (input.longitude != null && Math.abs(input.longitude) > 180)
    problems.add('longitude', UserErrorCode.OUT_OF_RANGE, 'longitude must be between -180 and 180');
  checkWindows(input.availability, problems);

  const now = today();
  input.serviceTypes.forEach((type, index) => {
    if (input.serviceTypes.indexOf(type) !== index) {
      problems.add(`serviceTypes.${index}`, UserErrorCode.DUPLICATE, `${type} is listed twice`);
      return;
    }
    const needed = SERVICE_TYPES[type].certificateToOffer;
    if (!needed) return;
    const held = certificates.filter((c) => c.kind === needed);
    if (held.length === 0) {
      problems.add(
        `serviceTypes.${index}`,
        UserErrorCode.CERTIFICATE_REQUIRED,
        `Offering ${type} needs a ${needed} certificate: add it with addCertificate first`,
      );
    } else if (!held.some((c) => c.expiresOn > now)) {
      problems.add(
        `serviceTypes.${index}`,
        UserErrorCode.CERTIFICATE_REQUIRED,
        `The ${needed} certificate needed for ${type} has expired`,
      );
    }
  });

  let home = owner.region;
  if (input.regionId != null) {
    const id = idOfType(input.regionId, 'Region');
    const region = id ? await ctx.loaders.region.load(id) : undefined;
    if (!region || !ctx.viewer.covers(region.path)) {
      problems.add('regionId', UserErrorCode.NOT_FOUND, 'No region with this id in your scope');
      return undefined;
    }
    if (isPerson && region.kind !== RegionKind.VILLAGE && region.kind !== RegionKind.GROUP) {
      problems.add('regionId', UserErrorCode.WRONG_KIND, 'A person helper lives in a VILLAGE or GROUP');
    }
    if (region.countyId !== owner.region.countyId)
      problems.add('regionId', UserErrorCode.OUT_OF_SCOPE, "The home must lie in the helper's county");
    home = region;
  }
  return home;
}
