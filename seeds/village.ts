import crypto from 'node:crypto';
import { CHILD_TERMS, GROUP_NAMES, HEALTH_NOTES, SIBLING_TERMS } from './vocabulary.ts';
import type { SeedContext, SeedPerson, Sex } from './context.ts';

export interface SeedRegion {
  id: string;
  code: string;
  name: string;
  path: string[];
  latitude: number;
  longitude: number;
}

/** The demo county's seat, in the hills of Zhejiang. */
const COUNTY_CENTRE = { latitude: 29.2, longitude: 119.9 };
/** How far a region's centre lies from its parent's, at most (km), by kind; a house from its group's centre. */
const SPREAD_KM: Record<string, number> = { COUNTY: 0, TOWNSHIP: 15, VILLAGE: 4, GROUP: 0.6, HOUSE: 0.25 };

/**
 * A point near `from`, at most `km` away, drawn from a hash of `key` rather than the seed's
 * random stream, so that adding places changed none of the demo's people, needs or ties.
 */
export function placeNear(from: { latitude: number; longitude: number }, key: string, km: number) {
  const digest = crypto.createHash('sha256').update(key).digest();
  const angle = (digest.readUInt32BE(0) / 2 ** 32) * 2 * Math.PI;
  const distance = Math.sqrt(digest.readUInt32BE(4) / 2 ** 32) * km;
  const latitude = from.latitude + (distance * Math.sin(angle)) / 111.32;
  const longitude =
    from.longitude + (distance * Math.cos(angle)) / (111.32 * Math.cos((from.latitude * Math.PI) / 180));
  return { latitude: Math.round(latitude * 1e6) / 1e6, longitude: Math.round(longitude * 1e6) / 1e6 };
}

export interface SeedVillage {
  region: SeedRegion;
  groups: SeedRegion[];
  elders: SeedPerson[];
  /** Adults at home aged 25–69 who could help. */
  adults: SeedPerson[];
  partyMembers: SeedPerson[];
}

type HouseholdKind = 'ELDER_COUPLE' | 'ELDER_ALONE' | 'THREE_GENERATIONS' | 'SKIPPED_GENERATION' | 'YOUNG_FAMILY';

/** Shares chosen so that about 33.7 % of residents at home are 60 or older (DOMAIN.md, Y county). */
const HOUSEHOLD_KINDS: [HouseholdKind, number][] = [
  ['ELDER_COUPLE', 25],
  ['ELDER_ALONE', 12],
  ['THREE_GENERATIONS', 20],
  ['SKIPPED_GENERATION', 8],
  ['YOUNG_FAMILY', 35],
];
const HOUSEHOLDS_PER_VILLAGE = 527;

export function addRegion(
  ctx: SeedContext,
  parent: SeedRegion | null,
  kind: string,
  code: string,
  name: string,
): SeedRegion {
  const id = ctx.random.uuid();
  const path = [...(parent?.path ?? []), id];
  const place = parent ? placeNear(parent, code, SPREAD_KM[kind] ?? 0) : COUNTY_CENTRE;
  ctx.writer.add('region', {
    id,
    county_id: parent ? ctx.countyId : id,
    parent_id: parent?.id ?? null,
    kind,
    code,
    name,
    path,
    ...place,
  });
  return { id, code, name, path, ...place };
}

function elderBirthYear(ctx: SeedContext): number {
  const age = ctx.random.weighted([
    [ctx.random.int(60, 69), 55],
    [ctx.random.int(70, 79), 30],
    [ctx.random.int(80, 95), 15],
  ] as const);
  return ctx.currentYear - age;
}

function selfCareFor(ctx: SeedContext, age: number): string {
  const weights: [string, number][] =
    age >= 80
      ? [
          ['INDEPENDENT', 55],
          ['PARTIAL', 27],
          ['DEPENDENT', 18],
        ]
      : age >= 70
        ? [
            ['INDEPENDENT', 80],
            ['PARTIAL', 13],
            ['DEPENDENT', 7],
          ]
        : [
            ['INDEPENDENT', 92],
            ['PARTIAL', 6],
            ['DEPENDENT', 2],
          ];
  return ctx.random.weighted(weights);
}

interface HouseholdState {
  id: string;
  region: SeedRegion;
  village: SeedRegion;
  surname: string;
  bottomLine: boolean;
}

function addPerson(
  ctx: SeedContext,
  home: HouseholdState,
  sex: Sex,
  birthYear: number,
  atHome: boolean,
  surname: string,
  options: { livesAlone?: boolean; leftBehind?: boolean } = {},
): SeedPerson {
  const age = ctx.currentYear - birthYear;
  const elder = age >= 60;
  const selfCare = elder ? selfCareFor(ctx, age) : null;
  const frail = selfCare === 'PARTIAL' || selfCare === 'DEPENDENT';
  const partyMember = atHome && age >= 25 && ctx.random.chance(0.07);
  const person: SeedPerson = {
    id: ctx.random.uuid(),
    sex,
    birthYear,
    atHome,
    regionId: home.region.id,
    householdId: home.id,
    villageId: home.village.id,
    selfCare,
    livesAlone: Boolean(options.livesAlone),
    partyMember,
    bottomLine: home.bottomLine,
    awayChildren: [],
  };
  ctx.writer.add('person', {
    id: person.id,
    county_id: ctx.countyId,
    region_id: home.region.id,
    household_id: home.id,
    name: surname + ctx.givenName(sex),
    gender: sex === 'M' ? 'MALE' : 'FEMALE',
    birth_year: birthYear,
    phone: age >= 16 && (age < 80 || ctx.random.chance(0.3)) ? ctx.phone() : null,
    id_number: age >= 16 ? ctx.idNumber(birthYear, sex) : null,
    residence: atHome ? 'AT_HOME' : 'AWAY',
    party_member: partyMember,
    self_care_level: selfCare,
    lives_alone: person.livesAlone,
    left_behind: Boolean(options.leftBehind),
    bottom_line_household: elder && home.bottomLine,
    disability:
      elder && ctx.random.chance(0.07) ? ctx.random.pick(['PHYSICAL', 'VISUAL', 'HEARING', 'MULTIPLE']) : 'NONE',
    health_notes: frail && ctx.random.chance(0.5) ? ctx.random.pick(HEALTH_NOTES) : null,
  });
  ctx.stats.people += 1;
  if (elder && atHome) ctx.stats.elders += 1;
  return person;
}

/** Parents and their children: kin of degree 1; the children among themselves: degree 2. */
function family(ctx: SeedContext, parents: SeedPerson[], children: SeedPerson[]): void {
  for (const parent of parents)
    for (const child of children) ctx.tie(parent.id, child.id, 'KIN', 1, CHILD_TERMS[parent.sex + child.sex]);
  for (let i = 0; i < children.length; i += 1) {
    for (let j = i + 1; j < children.length; j += 1) {
      const [older, younger] =
        children[i].birthYear <= children[j].birthYear ? [children[i], children[j]] : [children[j], children[i]];
      ctx.tie(older.id, younger.id, 'KIN', 2, SIBLING_TERMS[older.sex + younger.sex]);
    }
  }
}

function elderCouple(ctx: SeedContext, home: HouseholdState, leftBehind: boolean): SeedPerson[] {
  const husband = addPerson(ctx, home, 'M', elderBirthYear(ctx), true, home.surname, { leftBehind });
  const wife = addPerson(
    ctx,
    home,
    'F',
    Math.min(husband.birthYear + ctx.random.int(0, 4), ctx.currentYear - 60),
    true,
    ctx.surname(),
    { leftBehind },
  );
  ctx.tie(husband.id, wife.id, 'SPOUSE');
  return [husband, wife];
}

function awayChildren(ctx: SeedContext, home: HouseholdState, parents: SeedPerson[]): SeedPerson[] {
  const youngest = Math.max(...parents.map((p) => p.birthYear));
  const children = Array.from({ length: ctx.random.int(1, 3) }, () => {
    const sex: Sex = ctx.random.chance(0.5) ? 'M' : 'F';
    return addPerson(ctx, home, sex, youngest + ctx.random.int(22, 32), false, home.surname);
  });
  family(ctx, parents, children);
  for (const parent of parents) parent.awayChildren = children;
  return children;
}

/** One household of a given kind; returns its members at home. */
function household(ctx: SeedContext, home: HouseholdState, kind: HouseholdKind): SeedPerson[] {
  switch (kind) {
    case 'ELDER_COUPLE': {
      const couple = elderCouple(ctx, home, true);
      awayChildren(ctx, home, couple);
      return couple;
    }
    case 'ELDER_ALONE': {
      const sex: Sex = ctx.random.chance(0.65) ? 'F' : 'M';
      const elder = addPerson(ctx, home, sex, elderBirthYear(ctx), true, sex === 'M' ? home.surname : ctx.surname(), {
        livesAlone: true,
        leftBehind: true,
      });
      awayChildren(ctx, home, [elder]);
      return [elder];
    }
    case 'SKIPPED_GENERATION': {
      const couple = elderCouple(ctx, home, true);
      const [parent] = awayChildren(ctx, home, couple);
      const grandchild = addPerson(
        ctx,
        home,
        ctx.random.chance(0.5) ? 'M' : 'F',
        Math.min(parent.birthYear + ctx.random.int(22, 30), ctx.currentYear - 3),
        true,
        home.surname,
      );
      ctx.tie(parent.id, grandchild.id, 'KIN', 1, CHILD_TERMS[parent.sex + grandchild.sex]);
      for (const elder of couple) ctx.tie(elder.id, grandchild.id, 'KIN', 2, '祖孙');
      return [...couple, grandchild];
    }
    case 'THREE_GENERATIONS': {
      const elders = ctx.random.chance(0.7)
        ? elderCouple(ctx, home, false)
        : [addPerson(ctx, home, 'F', elderBirthYear(ctx), true, ctx.surname())];
      const son = addPerson(
        ctx,
        home,
        'M',
        Math.max(...elders.map((e) => e.birthYear)) + ctx.random.int(22, 30),
        true,
        home.surname,
      );
      const daughterInLaw = addPerson(ctx, home, 'F', son.birthYear + ctx.random.int(-2, 4), true, ctx.surname());
      ctx.tie(son.id, daughterInLaw.id, 'SPOUSE');
      family(ctx, elders, [son]);
      const kids = Array.from({ length: ctx.random.int(1, 2) }, () =>
        addPerson(
          ctx,
          home,
          ctx.random.chance(0.5) ? 'M' : 'F',
          Math.min(son.birthYear + ctx.random.int(22, 30), ctx.currentYear - 1),
          true,
          home.surname,
        ),
      );
      family(ctx, [son, daughterInLaw], kids);
      for (const elder of elders) for (const kid of kids) ctx.tie(elder.id, kid.id, 'KIN', 2, '祖孙');
      return [...elders, son, daughterInLaw, ...kids];
    }
    case 'YOUNG_FAMILY': {
      const father = addPerson(ctx, home, 'M', ctx.currentYear - ctx.random.int(28, 58), true, home.surname);
      const mother = addPerson(ctx, home, 'F', father.birthYear + ctx.random.int(-2, 4), true, ctx.surname());
      ctx.tie(father.id, mother.id, 'SPOUSE');
      const kids = Array.from({ length: ctx.random.int(1, 2) }, () =>
        addPerson(
          ctx,
          home,
          ctx.random.chance(0.5) ? 'M' : 'F',
          Math.min(father.birthYear + ctx.random.int(22, 32), ctx.currentYear - 1),
          true,
          home.surname,
        ),
      );
      family(ctx, [father, mother], kids);
      return [father, mother, ...kids];
    }
  }
}

/** A village: its groups, about 1,700 residents at home in some 527 households, and their ties. */
export function generateVillage(ctx: SeedContext, township: SeedRegion, index: number, name: string): SeedVillage {
  ctx.startVillage();
  const village = addRegion(ctx, township, 'VILLAGE', `${township.code}${String(200 + index).padStart(3, '0')}`, name);
  const groups = Array.from({ length: ctx.random.int(4, 8) }, (_, g) =>
    addRegion(
      ctx,
      village,
      'GROUP',
      `${village.code}${String(g + 1).padStart(3, '0')}`,
      GROUP_NAMES[g % GROUP_NAMES.length],
    ),
  );
  const result: SeedVillage = { region: village, groups, elders: [], adults: [], partyMembers: [] };
  const heads = new Map<string, SeedPerson[]>(groups.map((g) => [g.id, []]));
  for (let h = 0; h < HOUSEHOLDS_PER_VILLAGE; h += 1) {
    const group = groups[h % groups.length];
    const home: HouseholdState = {
      id: ctx.random.uuid(),
      region: group,
      village,
      surname: ctx.surname(),
      bottomLine: ctx.random.chance(0.05),
    };
    const number = Math.floor(h / groups.length) + 1;
    ctx.writer.add('household', {
      id: home.id,
      county_id: ctx.countyId,
      region_id: group.id,
      code: String(number).padStart(3, '0'),
      address: `${group.name}${number}号`,
      ...placeNear(group, `${group.code}-${number}`, SPREAD_KM.HOUSE),
    });
    ctx.stats.households += 1;
    const members = household(ctx, home, ctx.random.weighted(HOUSEHOLD_KINDS));
    heads.get(group.id)!.push(members[0]);
    for (const member of members) {
      const age = ctx.currentYear - member.birthYear;
      if (age >= 60) result.elders.push(member);
      if (age >= 25 && age < 70) result.adults.push(member);
      if (member.partyMember) result.partyMembers.push(member);
    }
  }
  // Next-door households in a group know each other; some elders are close friends.
  for (const list of heads.values())
    for (let i = 1; i < list.length; i += 1) ctx.tie(list[i - 1].id, list[i].id, 'NEIGHBOUR');
  for (const elder of result.elders) {
    const friend = ctx.random.pick(result.elders);
    if (ctx.random.chance(0.1) && friend.householdId !== elder.householdId) ctx.tie(elder.id, friend.id, 'FRIEND');
  }
  pairCadres(ctx, result);
  return result;
}

/**
 * 包帮助养: the village's party members at home each take up to two households in hardship (on
 * the minimum living guarantee) that have an elder, in household order; never their own. Chosen
 * without the seed's random stream, so the rest of the demo is unchanged.
 */
function uuidFrom(key: string): string {
  const hex = crypto.createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function pairCadres(ctx: SeedContext, village: SeedVillage): void {
  const cadres = village.partyMembers.filter((member) => member.atHome && member.selfCare === null);
  const households = new Map<string, SeedPerson>();
  for (const elder of village.elders)
    if (elder.bottomLine && !households.has(elder.householdId)) households.set(elder.householdId, elder);
  let paired = 0;
  for (const elder of households.values()) {
    if (paired >= cadres.length * 2) break;
    const cadre = [0, 1]
      .map((step) => cadres[(paired + step) % cadres.length])
      .find((c) => c.householdId !== elder.householdId);
    if (!cadre) continue;
    ctx.tie(cadre.id, elder.id, 'CADRE_PAIRING', null, null, uuidFrom(`cadre:${cadre.id}:${elder.id}`));
    paired += 1;
  }
}
