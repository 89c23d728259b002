import type { SeedContext, SeedPerson } from './context.ts';
import type { SeedRegion, SeedVillage } from './village.ts';

export interface SeedOrganisation {
  id: string;
  kind: string;
  seat: SeedRegion;
  serves: SeedRegion[];
}

export function addOrganisation(
  ctx: SeedContext,
  kind: string,
  name: string,
  seat: SeedRegion,
  serves: SeedRegion[],
): SeedOrganisation {
  const id = ctx.random.uuid();
  ctx.writer.add('organisation', { id, county_id: ctx.countyId, region_id: seat.id, kind, name });
  for (const area of serves) ctx.writer.add('organisation_service_area', { organisation_id: id, region_id: area.id });
  ctx.stats.organisations += 1;
  return { id, kind, seat, serves };
}

function addMember(ctx: SeedContext, organisation: SeedOrganisation, person: SeedPerson, role: string): void {
  ctx.writer.add('organisation_member', { organisation_id: organisation.id, person_id: person.id, role });
}

/** Each village's party branch (包帮), its members the village's party members, one of them secretary. */
export function partyBranch(ctx: SeedContext, village: SeedVillage): SeedOrganisation {
  const branch = addOrganisation(ctx, 'PARTY_BRANCH', `${village.region.name}党支部`, village.region, [village.region]);
  village.partyMembers.forEach((member, index) => addMember(ctx, branch, member, index === 0 ? '书记' : '党员'));
  return branch;
}

/** A charity happiness home (慈善幸福院) seated in the first of 3–4 villages and serving all of them. */
export function charityHome(ctx: SeedContext, villages: SeedVillage[]): SeedOrganisation {
  const seat = villages[0];
  const home = addOrganisation(
    ctx,
    'CHARITY_HOME',
    `${seat.region.name}慈善幸福院`,
    seat.region,
    villages.map((v) => v.region),
  );
  const volunteers = seat.elders.filter(
    (e) => e.atHome && e.selfCare === 'INDEPENDENT' && ctx.currentYear - e.birthYear < 70,
  );
  volunteers
    .slice(0, 6)
    .forEach((person, index) => addMember(ctx, home, person, index === 0 ? '院长' : index === 1 ? '厨师' : '志愿者'));
  return home;
}

/** The township's clinic and a company that donates meals, both serving the township. */
export function townshipServices(ctx: SeedContext, township: SeedRegion, villages: SeedVillage[]): SeedOrganisation[] {
  const clinic = addOrganisation(ctx, 'CLINIC', `${township.name}卫生院`, township, [township]);
  const doctor = villages[0]?.adults[0];
  if (doctor) addMember(ctx, clinic, doctor, '村医');
  const company = addOrganisation(ctx, 'COMPANY', `${township.name}爱心餐饮公司`, township, [township]);
  return [clinic, company];
}

/** The county medical-care centre (集中医养) and volunteer associations, serving the whole county. */
export function countyServices(ctx: SeedContext, county: SeedRegion, countyName: string): SeedOrganisation[] {
  return [
    addOrganisation(ctx, 'MEDICAL_CARE_CENTRE', `${countyName}医养中心`, county, [county]),
    addOrganisation(ctx, 'SOCIAL_ORGANISATION', `${countyName}志愿者协会`, county, [county]),
    addOrganisation(ctx, 'SOCIAL_ORGANISATION', `${countyName}社工服务中心`, county, [county]),
  ];
}
