import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Person } from '../../src/modules/person/person.entity.ts';
import { Disability, Gender, Residence, SelfCareLevel } from '../../src/modules/person/person.enums.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { RegionKind } from '../../src/modules/region/region.enums.ts';

/**
 * A small hand-made county for tests: county 990001 → township 990001100 → villages A
 * (990001100200) and B (990001100201), each with one group. Ids are raw uuids.
 */
export interface SmallCounty {
  county: Region;
  township: Region;
  villageA: Region;
  villageB: Region;
  groupA: Region;
  groupB: Region;
}

export async function insertRegion(
  ds: DataSource,
  parent: Region | undefined,
  kind: RegionKind,
  code: string,
  name: string,
): Promise<Region> {
  const id = crypto.randomUUID();
  const region = Object.assign(new Region(), {
    id,
    countyId: parent?.countyId ?? id,
    parentId: parent?.id ?? null,
    kind,
    code,
    name,
    path: [...(parent?.path ?? []), id],
    latitude: null,
    longitude: null,
  });
  // Only the columns every schema version has: migration tests use this on older schemas too.
  await ds.query(
    'INSERT INTO region (id, county_id, parent_id, kind, code, name, path) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [region.id, region.countyId, region.parentId, region.kind, region.code, region.name, region.path],
  );
  const [{ created_at }] = await ds.query('SELECT created_at FROM region WHERE id = $1', [id]);
  return Object.assign(region, { createdAt: created_at, updatedAt: created_at });
}

export async function insertSmallCounty(ds: DataSource, countyCode = '990001'): Promise<SmallCounty> {
  const county = await insertRegion(ds, undefined, RegionKind.COUNTY, countyCode, '测试县');
  const township = await insertRegion(ds, county, RegionKind.TOWNSHIP, `${countyCode}100`, '河口镇');
  const villageA = await insertRegion(ds, township, RegionKind.VILLAGE, `${countyCode}100200`, '李家村');
  const villageB = await insertRegion(ds, township, RegionKind.VILLAGE, `${countyCode}100201`, '王家村');
  const groupA = await insertRegion(ds, villageA, RegionKind.GROUP, `${countyCode}100200001`, '东庄');
  const groupB = await insertRegion(ds, villageB, RegionKind.GROUP, `${countyCode}100201001`, '西庄');
  return { county, township, villageA, villageB, groupA, groupB };
}

let householdCounter = 0;

/** An elder (or anyone, with `birthYear`) in `region`, in a household of their own unless given. */
export async function insertPerson(ds: DataSource, region: Region, overrides: Partial<Person> = {}): Promise<Person> {
  let householdId = overrides.householdId;
  if (householdId === undefined) {
    householdCounter += 1;
    householdId = crypto.randomUUID();
    await ds.query('INSERT INTO household (id, county_id, region_id, code, address) VALUES ($1, $2, $3, $4, $5)', [
      householdId,
      region.countyId,
      region.id,
      `H${householdCounter}`,
      `${region.name}${householdCounter}号`,
    ]);
  }
  const id = crypto.randomUUID();
  await ds.manager.insert(Person, {
    id,
    countyId: region.countyId,
    regionId: region.id,
    householdId,
    name: '张桂兰',
    gender: Gender.FEMALE,
    birthYear: 1942,
    phone: '13800138000',
    idNumber: null,
    residence: Residence.AT_HOME,
    partyMember: false,
    selfCareLevel: SelfCareLevel.PARTIAL,
    livesAlone: true,
    leftBehind: true,
    bottomLineHousehold: false,
    disability: Disability.NONE,
    healthNotes: '高血压',
    ...overrides,
  });
  return ds.manager.findOneByOrFail(Person, { id });
}
