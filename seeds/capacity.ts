import type { SeedContext, SeedPerson } from './context.ts';
import type { SeedOrganisation } from './organisations.ts';
import type { SeedVillage } from './village.ts';

const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7];

interface Window {
  weekday: number;
  start: string;
  end: string;
}

function addHelper(
  ctx: SeedContext,
  owner: { personId?: string; organisationId?: string; regionId: string },
  serviceTypes: string[],
  capacity: { weeklyMinutes: number; maxElders: number; dailyOccurrences?: number },
  windows: Window[],
  certificates: string[],
): void {
  const id = ctx.random.uuid();
  ctx.writer.add('helper', {
    id,
    county_id: ctx.countyId,
    kind: owner.personId ? 'PERSON' : 'ORGANISATION',
    person_id: owner.personId ?? null,
    organisation_id: owner.organisationId ?? null,
    region_id: owner.regionId,
    travel_radius_km: owner.personId ? 3 : 50,
    service_types: serviceTypes,
    weekly_minutes: capacity.weeklyMinutes,
    max_elders: capacity.maxElders,
    daily_occurrences: capacity.dailyOccurrences ?? null,
    active: ctx.random.chance(0.96),
    consent: ctx.random.chance(0.95),
  });
  for (const w of windows)
    ctx.writer.add('helper_availability', {
      helper_id: id,
      weekday: w.weekday,
      window_start: w.start,
      window_end: w.end,
    });
  for (const kind of certificates) {
    const expires = `${ctx.currentYear + ctx.random.int(0, 3)}-${String(ctx.random.int(1, 12)).padStart(2, '0')}-28`;
    ctx.writer.add('certificate', {
      id: ctx.random.uuid(),
      helper_id: id,
      kind,
      number: `${kind.slice(0, 2)}-${ctx.random.int(10000, 99999)}`,
      issued_on: `${ctx.currentYear - 2}-03-01`,
      expires_on: expires,
    });
  }
  ctx.stats.helpers += 1;
}

/** Villagers who offer help: low-age elders (低龄老人), party members (包帮), some working-age adults. */
function personHelpers(ctx: SeedContext, village: SeedVillage): void {
  const chosen = new Set<SeedPerson>();
  for (const elder of village.elders)
    if (
      elder.atHome &&
      elder.selfCare === 'INDEPENDENT' &&
      ctx.currentYear - elder.birthYear < 70 &&
      ctx.random.chance(0.3)
    )
      chosen.add(elder);
  for (const member of village.partyMembers) if (ctx.random.chance(0.6)) chosen.add(member);
  for (const adult of village.adults)
    if (ctx.currentYear - adult.birthYear < 60 && ctx.random.chance(0.08)) chosen.add(adult);
  for (const person of chosen) {
    const services = new Set(['VISIT_CHECK']);
    for (let i = ctx.random.int(1, 3); i > 0; i -= 1)
      services.add(
        ctx.random.weighted([
          ['MEAL_DELIVERY', 4],
          ['COMPANIONSHIP', 3],
          ['DAILY_CARE', 2],
          ['ERRANDS', 2],
          ['HOUSEKEEPING', 1],
          ['MEDICAL_ESCORT', 1],
        ] as const),
      );
    const certified = ctx.random.chance(0.15);
    if (certified) services.add('BATHING');
    const days = ALL_WEEK.filter(() => ctx.random.chance(0.65));
    const shift = ctx.random.weighted([
      [['08:00', '12:30'], 4],
      [['14:00', '18:00'], 3],
      [['08:00', '18:00'], 2],
    ] as const);
    addHelper(
      ctx,
      { personId: person.id, regionId: person.regionId },
      [...services],
      { weeklyMinutes: 60 * ctx.random.int(2, 10), maxElders: ctx.random.int(1, 4) },
      (days.length > 0 ? days : [1, 3, 5]).map((weekday) => ({ weekday, start: shift[0], end: shift[1] })),
      certified ? ['ELDER_CARE'] : [],
    );
  }
}

/** Organisations offer capacity in bulk: a charity home's kitchen, the county centre's nurses. */
export function organisationHelper(ctx: SeedContext, organisation: SeedOrganisation, villages: number): void {
  const owner = { organisationId: organisation.id, regionId: organisation.seat.id };
  const every = (start: string, end: string) => ALL_WEEK.map((weekday) => ({ weekday, start, end }));
  switch (organisation.kind) {
    case 'CHARITY_HOME':
      return addHelper(
        ctx,
        owner,
        ['MEAL_AID', 'MEAL_DELIVERY', 'DAY_CARE', 'VISIT_CHECK'],
        { weeklyMinutes: 8400, maxElders: 40, dailyOccurrences: 40 },
        [...every('10:30', '13:00'), ...every('14:00', '17:00')],
        ['FOOD_HEALTH', 'ELDER_CARE'],
      );
    case 'MEDICAL_CARE_CENTRE':
      return addHelper(
        ctx,
        owner,
        ['MEDICAL_ESCORT', 'BATHING', 'DAILY_CARE'],
        { weeklyMinutes: Math.min(100_800, 240 * villages), maxElders: Math.min(5000, 4 * villages) },
        every('08:00', '17:30'),
        ['NURSE', 'ELDER_CARE'],
      );
    case 'COMPANY':
      return addHelper(
        ctx,
        owner,
        ['MEAL_DELIVERY'],
        { weeklyMinutes: 12_600, maxElders: 60, dailyOccurrences: 60 },
        every('10:30', '12:30'),
        ['FOOD_HEALTH'],
      );
    case 'SOCIAL_ORGANISATION':
      return addHelper(
        ctx,
        owner,
        ['COMPANIONSHIP', 'VISIT_CHECK', 'COUNSELLING'],
        { weeklyMinutes: Math.min(100_800, 120 * villages), maxElders: Math.min(5000, 3 * villages) },
        every('09:00', '17:00'),
        ['COUNSELLOR'],
      );
  }
}

interface NeedPlan {
  service: string;
  minutes: number;
  recurrence: 'ONCE' | 'DAILY' | 'WEEKLY';
  weekdays: number[];
  window: [string, string];
  helpers?: number;
}

/** Mostly meals, visits and daily care; bathing and medical escort for dependent elders. */
function plansFor(ctx: SeedContext, elder: SeedPerson): NeedPlan[] {
  const plans: NeedPlan[] = [];
  if (elder.selfCare === 'DEPENDENT') {
    plans.push({
      service: 'DAILY_CARE',
      minutes: 60,
      recurrence: 'DAILY',
      weekdays: [],
      window: ctx.random.pick([
        ['09:00', '11:00'],
        ['15:00', '17:00'],
      ] as const) as [string, string],
    });
    if (ctx.random.chance(0.6))
      plans.push({
        service: 'BATHING',
        minutes: 60,
        recurrence: 'WEEKLY',
        weekdays: [6],
        window: ['14:00', '16:00'],
        helpers: ctx.random.chance(0.5) ? 2 : 1,
      });
    if (ctx.random.chance(0.4))
      plans.push({
        service: 'MEDICAL_ESCORT',
        minutes: 120,
        recurrence: 'ONCE',
        weekdays: [],
        window: ['08:00', '12:00'],
      });
  } else if (elder.selfCare === 'PARTIAL') {
    if (ctx.random.chance(0.6))
      plans.push({
        service: 'MEAL_DELIVERY',
        minutes: 30,
        recurrence: 'DAILY',
        weekdays: [],
        window: ['11:00', '12:30'],
      });
    if (ctx.random.chance(0.5))
      plans.push({
        service: 'VISIT_CHECK',
        minutes: 30,
        recurrence: 'WEEKLY',
        weekdays: [1, 4],
        window: ['09:00', '11:00'],
      });
    if (ctx.random.chance(0.2))
      plans.push({ service: 'BATHING', minutes: 60, recurrence: 'WEEKLY', weekdays: [6], window: ['14:00', '16:00'] });
  } else if (elder.livesAlone) {
    if (ctx.random.chance(0.7))
      plans.push({
        service: 'VISIT_CHECK',
        minutes: 20,
        recurrence: 'WEEKLY',
        weekdays: ctx.random.pick([
          [1, 3, 5],
          [2, 5],
          [1, 4],
        ]),
        window: ['09:00', '11:30'],
      });
    if (ctx.random.chance(0.3))
      plans.push({
        service: 'COMPANIONSHIP',
        minutes: 60,
        recurrence: 'WEEKLY',
        weekdays: [ctx.random.int(1, 7)],
        window: ['14:00', '17:00'],
      });
  } else if (ctx.currentYear - elder.birthYear >= 75 && ctx.random.chance(0.15)) {
    plans.push({
      service: 'MEAL_AID',
      minutes: 60,
      recurrence: 'WEEKLY',
      weekdays: [1, 2, 3, 4, 5],
      window: ['11:00', '12:30'],
    });
  }
  return plans;
}

/**
 * About 60 % of elders with needs agree to share them, redacted, with charities (the rest, or
 * their families, decline). Derived from the elder's id, so it draws nothing from the generator
 * and leaves the rest of the county as it was.
 */
function consents(elderId: string): boolean {
  return Number.parseInt(elderId.slice(0, 8), 16) % 10 < 6;
}

function needs(ctx: SeedContext, village: SeedVillage): void {
  for (const elder of village.elders) {
    if (!elder.atHome) continue;
    const plans = plansFor(ctx, elder);
    if (plans.length > 0 && consents(elder.id)) {
      ctx.writer.add('sharing_consent', {
        elder_id: elder.id,
        county_id: ctx.countyId,
        given_by_id: elder.id,
        recorded_by: 'seed',
      });
      ctx.stats.sharingConsents += 1;
    }
    for (const plan of plans) {
      const id = ctx.random.uuid();
      const channel = ctx.random.weighted([
        ['PAPER_FORM', 35],
        ['HOME_VISIT', 25],
        ['PHONE', 20],
        ['APP', 20],
      ] as const);
      const proxy = channel === 'APP' && elder.awayChildren.length > 0 ? ctx.random.pick(elder.awayChildren).id : null;
      const waited = ctx.random.int(0, 20);
      const since = new Date(Date.UTC(ctx.currentYear, 10, 24) - waited * 86_400_000).toISOString();
      const paused = ctx.random.chance(0.04);
      ctx.writer.add('need', {
        id,
        county_id: ctx.countyId,
        region_id: elder.regionId,
        elder_id: elder.id,
        service_type: plan.service,
        minutes_per_occurrence: plan.minutes,
        recurrence: plan.recurrence,
        weekdays: plan.weekdays,
        window_start: plan.window[0],
        window_end: plan.window[1],
        start_date: `${ctx.currentYear}-12-01`,
        helpers_needed: plan.helpers ?? 1,
        status: paused ? 'PAUSED' : 'OPEN',
        status_reason_code: paused ? 'ELDER_AWAY' : 'ENTERED',
        status_note: paused ? '住院' : null,
        status_changed_at: since,
        unmet_since: paused ? null : since,
        entry_channel: channel,
        entered_by: 'seed',
        proxy_id: proxy,
        notes: ctx.random.chance(0.2) ? '需要软食' : null,
        created_at: since,
      });
      ctx.writer.add('need_status_change', {
        need_id: id,
        from_status: null,
        to_status: 'OPEN',
        reason_code: 'ENTERED',
        note: null,
        actor: 'seed',
        at: since,
      });
      if (paused)
        ctx.writer.add('need_status_change', {
          need_id: id,
          from_status: 'OPEN',
          to_status: 'PAUSED',
          reason_code: 'ELDER_AWAY',
          note: '住院',
          actor: 'seed',
          at: since,
        });
      ctx.stats.needs += 1;
    }
  }
}

export function villageCapacityAndNeeds(ctx: SeedContext, village: SeedVillage): void {
  personHelpers(ctx, village);
  needs(ctx, village);
}
