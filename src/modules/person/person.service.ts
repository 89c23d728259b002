import crypto from 'node:crypto';
import type { Context } from '../../context.ts';
import { paginate, type Connection } from '../../common/connection.ts';
import { badInput, forbidden, notFound } from '../../common/errors.ts';
import { Role } from '../../auth/role.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import { Household } from '../household/household.entity.ts';
import { Region } from '../region/region.entity.ts';
import { RegionKind } from '../region/region.enums.ts';
import { listScope } from '../region/region.service.ts';
import { birthYearOfIdNumber, idNumberProblem } from './id-number.ts';
import { Person } from './person.entity.ts';
import { Disability, ELDER_AGE, Residence } from './person.enums.ts';
import type { PeopleArgs, RegisterPersonInput, UpdatePersonInput } from './person.inputs.ts';
import { currentYear } from '../../common/time.ts';
import { cleanName } from '../../common/text.ts';
import { givenFields } from '../../common/mutation-input.ts';

/** A person by global id whom the viewer may read, or a thrown NOT_FOUND / FORBIDDEN. */
export async function requireReadablePerson(ctx: Context, globalId: string): Promise<Person> {
  ctx.viewer.require();
  const id = idOfType(globalId, 'Person');
  const person = id ? await ctx.loaders.person.load(id) : undefined;
  if (!person) throw notFound('No person has this id');
  const region = await ctx.loaders.region.load(person.regionId);
  ctx.viewer.assertCanRead(region!.path);
  return person;
}

/** Whether the viewer may see this person at all (used to hide the far end of a tie). */
export async function canReadPerson(ctx: Context, person: Person): Promise<boolean> {
  const region = await ctx.loaders.region.load(person.regionId);
  return Boolean(region && ctx.viewer.covers(region.path));
}

/**
 * A person reached through another record (a need's elder or proxy, a helper's villager) obeys
 * the same rule as `person(id:)`: null for an optional field when the viewer may not read them.
 */
export async function readablePersonOrNull(ctx: Context, id: string | null): Promise<Person | null> {
  const person = id ? await ctx.loaders.person.load(id) : undefined;
  return person && (await canReadPerson(ctx, person)) ? person : null;
}

/** The same, for a field that cannot be null: FORBIDDEN when the viewer may not read them. */
export async function requireReadablePersonById(ctx: Context, id: string): Promise<Person> {
  const person = await readablePersonOrNull(ctx, id);
  if (!person) throw forbidden('This person is outside your region');
  return person;
}

export async function listPeople(ctx: Context, args: PeopleArgs): Promise<Connection<Person>> {
  const scope = await listScope(ctx, args.regionId);
  const query = ctx.em.getRepository(Person).createQueryBuilder('person');
  if (scope) {
    query.where('person.region_id IN (SELECT id FROM region WHERE :scope = ANY(path))', { scope: scope.id });
  }
  if (args.eldersOnly) query.andWhere(`person.birth_year <= :elderBorn`, { elderBorn: currentYear() - ELDER_AGE });
  const search = args.search?.trim();
  if (search) query.andWhere(`strpos(person.name, :search) > 0`, { search });
  if (args.householdId) {
    const householdId = idOfType(args.householdId, 'Household');
    if (!householdId) throw badInput('householdId', 'Not a household id');
    query.andWhere('person.household_id = :householdId', { householdId });
  }
  if (args.selfCareLevel?.length) {
    // Filtering by a sensitive fact tells what it is: only for those who may read it.
    const allowed = scope ? ctx.viewer.canSeeSensitive(scope.path) : ctx.viewer.role === Role.ADMIN;
    if (!allowed) throw forbidden('Only ADMIN and coordinators of the region may filter by self-care level');
    query.andWhere('person.self_care_level IN (:...levels)', { levels: args.selfCareLevel });
  }
  // By name, as a register is read (Chinese names by their code points: surnames group together).
  return paginate(query, args, {
    sort: { columns: ['person.name', 'person.id'], values: (row) => [row.name, row.id] },
    maxPageSize: ctx.config.maxPageSize,
  });
}

/** Checks the fields given; returns the region the person will live in when it is valid. */
async function checkPersonFields(
  ctx: Context,
  input: RegisterPersonInput | UpdatePersonInput,
  problems: Problems,
  existing: Person | undefined,
): Promise<Region | undefined> {
  let region: Region | undefined;
  if (input.regionId != null) {
    const regionId = idOfType(input.regionId, 'Region');
    region = regionId ? await ctx.loaders.region.load(regionId) : undefined;
    if (!region) problems.add('regionId', UserErrorCode.NOT_FOUND, 'No region has this id');
    else if (!ctx.viewer.canWrite(region.path)) throw forbidden('You cannot register people in this region');
    else if (region.kind !== RegionKind.VILLAGE && region.kind !== RegionKind.GROUP) {
      problems.add('regionId', UserErrorCode.WRONG_KIND, `People live in a VILLAGE or GROUP, not a ${region.kind}`);
    }
  } else if (existing) {
    region = await ctx.loaders.region.load(existing.regionId);
  } else {
    problems.add('regionId', UserErrorCode.REQUIRED, 'regionId is required');
  }

  if (!existing) {
    if (input.name == null) problems.add('name', UserErrorCode.REQUIRED, 'name is required');
    if (input.gender == null) problems.add('gender', UserErrorCode.REQUIRED, 'gender is required');
    if (input.birthYear == null) problems.add('birthYear', UserErrorCode.REQUIRED, 'birthYear is required');
  }
  const thisYear = currentYear();
  if (input.birthYear != null && (input.birthYear < 1900 || input.birthYear > thisYear)) {
    problems.add('birthYear', UserErrorCode.OUT_OF_RANGE, `birthYear must be between 1900 and ${thisYear}`);
  }
  if (input.name != null && input.name.trim() === '')
    problems.add('name', UserErrorCode.REQUIRED, 'name must not be blank');
  for (const field of [
    'gender',
    'residence',
    'partyMember',
    'livesAlone',
    'leftBehind',
    'bottomLineHousehold',
    'disability',
  ] as const) {
    if (existing && input[field] === null) problems.add(field, UserErrorCode.REQUIRED, `${field} cannot be cleared`);
  }
  if (input.idNumber != null) {
    const problem = idNumberProblem(input.idNumber);
    const birthYear = input.birthYear ?? existing?.birthYear;
    if (problem) problems.add('idNumber', UserErrorCode.INVALID, `idNumber ${problem}`);
    else if (birthYear != null && birthYearOfIdNumber(input.idNumber) !== birthYear) {
      problems.add('idNumber', UserErrorCode.CONFLICT, 'The birth date in idNumber does not match birthYear');
    } else {
      const holder = await ctx.em.findOneBy(Person, { idNumber: input.idNumber });
      if (holder && holder.id !== existing?.id)
        problems.add('idNumber', UserErrorCode.DUPLICATE, 'Another person is registered with this idNumber');
    }
  }
  if (input.householdCode == null && input.householdAddress != null) {
    problems.add('householdAddress', UserErrorCode.CONFLICT, 'householdAddress needs a householdCode');
  }
  return region;
}

/** The household with this code in the region, created when new. */
async function householdFor(
  ctx: Context,
  region: Region,
  code: string,
  address: string | null | undefined,
): Promise<Household> {
  const found = await ctx.em.findOneBy(Household, { regionId: region.id, code });
  if (found) return found;
  const household = ctx.em.create(Household, {
    id: crypto.randomUUID(),
    countyId: region.countyId,
    regionId: region.id,
    code,
    address: address?.trim() || null,
  });
  await ctx.em.insert(Household, household);
  return household;
}

const PERSON_FIELDS = [
  'name',
  'gender',
  'birthYear',
  'phone',
  'idNumber',
  'residence',
  'partyMember',
  'selfCareLevel',
  'livesAlone',
  'leftBehind',
  'bottomLineHousehold',
  'disability',
  'healthNotes',
] as const;

const AUDITED_FIELDS = ['regionId', 'householdCode', 'householdAddress', ...PERSON_FIELDS];

function reloadPerson(ctx: Context) {
  return (id: string) => ctx.em.findOneBy(Person, { id }).then((row) => row ?? undefined);
}

export function registerPerson(ctx: Context, input: RegisterPersonInput): Promise<MutationResult<Person>> {
  return runMutation(ctx, {
    action: 'registerPerson',
    input,
    uniqueConstraints: { person_id_number_idx: 'idNumber', household_region_id_code_key: 'householdCode' },
    reload: reloadPerson(ctx),
    check: async (problems) => {
      const region = await checkPersonFields(ctx, input, problems, undefined);
      if (!region || problems.any) return undefined;
      return async () => {
        const household = input.householdCode
          ? await householdFor(ctx, region, input.householdCode, input.householdAddress)
          : null;
        const id = crypto.randomUUID();
        await ctx.em.insert(Person, {
          id,
          countyId: region.countyId,
          regionId: region.id,
          householdId: household?.id ?? null,
          name: cleanName(input.name!),
          gender: input.gender!,
          birthYear: input.birthYear!,
          phone: input.phone ?? null,
          idNumber: input.idNumber ?? null,
          residence: input.residence ?? Residence.AT_HOME,
          partyMember: input.partyMember ?? false,
          selfCareLevel: input.selfCareLevel ?? null,
          livesAlone: input.livesAlone ?? false,
          leftBehind: input.leftBehind ?? false,
          bottomLineHousehold: input.bottomLineHousehold ?? false,
          disability: input.disability ?? Disability.NONE,
          healthNotes: input.healthNotes ?? null,
        });
        const person = await ctx.em.findOneByOrFail(Person, { id });
        return {
          result: person,
          entityType: 'Person',
          entityId: id,
          countyId: region.countyId,
          changedFields: givenFields(input, AUDITED_FIELDS),
        };
      };
    },
  });
}

export function updatePerson(ctx: Context, input: UpdatePersonInput): Promise<MutationResult<Person>> {
  return runMutation(ctx, {
    action: 'updatePerson',
    input,
    uniqueConstraints: { person_id_number_idx: 'idNumber', household_region_id_code_key: 'householdCode' },
    reload: reloadPerson(ctx),
    check: async (problems) => {
      const id = idOfType(input.id, 'Person');
      const existing = id ? await ctx.em.findOneBy(Person, { id }) : null;
      if (!existing) {
        problems.add('id', UserErrorCode.NOT_FOUND, 'No person has this id');
        return undefined;
      }
      const home = await ctx.loaders.region.load(existing.regionId);
      if (!ctx.viewer.canWrite(home!.path)) throw forbidden('This person is outside your region');
      const region = await checkPersonFields(ctx, input, problems, existing);
      if (!region || problems.any) return undefined;
      return async () => {
        const changes: Partial<Person> = { regionId: region.id };
        for (const field of PERSON_FIELDS) {
          const value = input[field];
          if (value !== undefined)
            (changes as Record<string, unknown>)[field] =
              typeof value === 'string' ? (field === 'name' ? cleanName(value) : value.trim()) || null : value;
        }
        if (input.householdCode === null) changes.householdId = null;
        else if (input.householdCode)
          changes.householdId = (await householdFor(ctx, region, input.householdCode, input.householdAddress)).id;
        else if (region.id !== existing.regionId) changes.householdId = null;
        await ctx.em.update(Person, { id: existing.id }, changes);
        ctx.record({ type: 'PersonChanged', personId: existing.id });
        const person = await ctx.em.findOneByOrFail(Person, { id: existing.id });
        return {
          result: person,
          entityType: 'Person',
          entityId: existing.id,
          countyId: existing.countyId,
          changedFields: givenFields(input, AUDITED_FIELDS),
        };
      };
    },
  });
}
