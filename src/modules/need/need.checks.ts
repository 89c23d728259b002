import type { Context } from '../../context.ts';
import { idOfType } from '../../common/global-id.ts';
import { minutesOfDay } from '../../common/time.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import { Helper } from '../helper/helper.entity.ts';
import type { Person } from '../person/person.entity.ts';
import { RelationshipRow } from '../relationship/relationship.entity.ts';
import type { Need } from './need.entity.ts';
import { RecurrenceKind } from './need.enums.ts';
import type { CreateNeedInput, UpdateNeedInput } from './need.inputs.ts';

/** The need as it will be after the change: the input over the stored values. */
export interface NeedShape {
  serviceType: Need['serviceType'] | null | undefined;
  minutesPerOccurrence: number | null | undefined;
  recurrence: RecurrenceKind | undefined;
  weekdays: number[];
  windowStart: string | undefined;
  windowEnd: string | undefined;
  startDate: string | null | undefined;
  endDate: string | null | undefined;
  helpersNeeded: number;
}

export function shapeOf(input: CreateNeedInput | UpdateNeedInput, existing?: Need): NeedShape {
  return {
    serviceType: input.serviceType ?? existing?.serviceType,
    minutesPerOccurrence: input.minutesPerOccurrence ?? existing?.minutesPerOccurrence,
    recurrence: input.recurrence?.kind ?? existing?.recurrence,
    weekdays: input.recurrence ? input.recurrence.weekdays : (existing?.weekdays ?? []),
    windowStart: input.recurrence?.windowStart ?? existing?.windowStart,
    windowEnd: input.recurrence?.windowEnd ?? existing?.windowEnd,
    startDate: input.startDate ?? existing?.startDate,
    endDate: input.endDate === undefined ? existing?.endDate : input.endDate,
    helpersNeeded: input.helpersNeeded ?? existing?.helpersNeeded ?? 1,
  };
}

/** Every rule on what, how long, when and how many; problems name the input field. */
export function checkNeedShape(shape: NeedShape, problems: Problems, creating: boolean): void {
  if (creating) {
    if (!shape.serviceType) problems.add('serviceType', UserErrorCode.REQUIRED, 'serviceType is required');
    if (shape.minutesPerOccurrence == null)
      problems.add('minutesPerOccurrence', UserErrorCode.REQUIRED, 'minutesPerOccurrence is required');
    if (!shape.recurrence) problems.add('recurrence', UserErrorCode.REQUIRED, 'recurrence is required');
    if (!shape.startDate) problems.add('startDate', UserErrorCode.REQUIRED, 'startDate is required');
  } else {
    for (const field of ['serviceType', 'minutesPerOccurrence', 'startDate', 'helpersNeeded'] as const) {
      if (shape[field] === null) problems.add(field, UserErrorCode.REQUIRED, `${field} cannot be cleared`);
    }
  }
  // Single-field rules (ranges, weekdays 1–7 and unique) are declared on the inputs; what is
  // checked here needs two fields together, or the stored need.
  const minutes = shape.minutesPerOccurrence;

  if (shape.windowStart && shape.windowEnd) {
    const length = minutesOfDay(shape.windowEnd) - minutesOfDay(shape.windowStart);
    if (length <= 0) {
      problems.add(
        'recurrence.windowEnd',
        UserErrorCode.CONFLICT,
        `The window ends (${shape.windowEnd}) before it starts (${shape.windowStart})`,
      );
    } else if (minutes != null && minutes > length) {
      problems.add(
        'minutesPerOccurrence',
        UserErrorCode.CONFLICT,
        `${minutes} minutes do not fit in a ${length}-minute window`,
      );
    }
  }
  if (shape.recurrence === RecurrenceKind.WEEKLY) {
    if (shape.weekdays.length === 0)
      problems.add('recurrence.weekdays', UserErrorCode.REQUIRED, 'A WEEKLY need names its weekdays');
  } else if (shape.recurrence && shape.weekdays.length > 0) {
    problems.add(
      'recurrence.weekdays',
      UserErrorCode.CONFLICT,
      `Only WEEKLY needs have weekdays, not ${shape.recurrence}`,
    );
  }
  if (shape.startDate && shape.startDate < '2000-01-01')
    problems.add('startDate', UserErrorCode.OUT_OF_RANGE, 'startDate must be in 2000 or later');
  if (shape.startDate && shape.endDate && shape.endDate < shape.startDate) {
    problems.add('endDate', UserErrorCode.CONFLICT, 'endDate is before startDate');
  } else if (shape.recurrence === RecurrenceKind.ONCE && shape.endDate && shape.endDate !== shape.startDate) {
    problems.add('endDate', UserErrorCode.CONFLICT, 'A ONCE need happens on its startDate only');
  }
}

/** Resolves preferred and refused helpers; the elder's refusal and preference must not clash. */
export async function checkPreferences(
  ctx: Context,
  input: CreateNeedInput | UpdateNeedInput,
  countyId: string,
  elderId: string,
  problems: Problems,
): Promise<{ preferred: string[]; refused: string[] } | undefined> {
  if (input.preferredHelperIds == null && input.refusedHelperIds == null) return undefined;
  const resolve = async (ids: string[] | null | undefined, field: string): Promise<string[]> => {
    const found: string[] = [];
    for (const [index, globalId] of (ids ?? []).entries()) {
      const id = idOfType(globalId, 'Helper');
      const helper = id ? await ctx.em.findOneBy(Helper, { id }) : null;
      if (!helper || helper.countyId !== countyId)
        problems.add(`${field}.${index}`, UserErrorCode.NOT_FOUND, 'No helper in this county has this id');
      else if (helper.personId === elderId)
        problems.add(`${field}.${index}`, UserErrorCode.CONFLICT, 'The elder cannot be their own helper');
      else if (found.includes(helper.id))
        problems.add(`${field}.${index}`, UserErrorCode.DUPLICATE, 'This helper is listed twice');
      else found.push(helper.id);
    }
    return found;
  };
  const preferred = await resolve(input.preferredHelperIds, 'preferredHelperIds');
  const refused = await resolve(input.refusedHelperIds, 'refusedHelperIds');
  refused.forEach((id) => {
    if (preferred.includes(id)) {
      const index = (input.refusedHelperIds ?? []).findIndex((globalId) => idOfType(globalId, 'Helper') === id);
      problems.add(
        `refusedHelperIds.${index}`,
        UserErrorCode.CONFLICT,
        'A helper cannot be both preferred and refused',
      );
    }
  });
  return { preferred, refused };
}

/** Whether any tie (kin, spouse, neighbour, friend) joins the two people. */
export async function tied(ctx: Context, a: string, b: string): Promise<boolean> {
  const [first, second] = a < b ? [a, b] : [b, a];
  return ctx.em.existsBy(RelationshipRow, { personAId: first, personBId: second });
}

/** The person `elderId` names, when inside the viewer's scope; otherwise a NOT_FOUND on `elderId`. */
export async function elderInScope(ctx: Context, elderId: string, problems: Problems): Promise<Person | undefined> {
  const id = idOfType(elderId, 'Person');
  const elder = id ? await ctx.loaders.person.load(id) : undefined;
  const home = elder ? await ctx.loaders.region.load(elder.regionId) : undefined;
  if (!elder || !home || !ctx.viewer.covers(home.path)) {
    problems.add('elderId', UserErrorCode.NOT_FOUND, 'No person with this id in your region');
    return undefined;
  }
  return elder;
}
