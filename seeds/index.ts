import { today } from '../src/common/time.ts';
import { seedCareHistory } from './care-history.ts';
import { seedInspections } from './inspections.ts';
import { seedComplaints } from './complaints.ts';
import type { DataSource } from 'typeorm';
import { BulkWriter, type Table } from './bulk.ts';
import { villageCapacityAndNeeds, organisationHelper } from './capacity.ts';
import { SeedContext } from './context.ts';
import { charityHome, countyServices, partyBranch, townshipServices, type SeedOrganisation } from './organisations.ts';
import { Prng } from './prng.ts';
import { addRegion, generateVillage, type SeedVillage } from './village.ts';
import { PLACE_FIRST, PLACE_SECOND } from './vocabulary.ts';
import { publishNeedChanges } from '../src/modules/public-need/public-need.publish.ts';

/** The demo county `huzhu start` seeds: three townships of four villages. */
export const DEFAULT_DEMO_VILLAGES = 12;

export interface SeedOptions {
  villages: number;
  seed: number;
  onProgress?: (message: string) => void;
  /** Defaults to this year; fixed in tests for byte-identical output. */
  currentYear?: number;
  /** The day the care history runs up to (YYYY-MM-DD); defaults to today in China. */
  today?: string;
  /**
   * Seed care agreements (kin care, and pairs a run matched), 8 weeks of visits and a year of inspections (default). Tests that start the care loop
   * themselves turn it off, so that every kin pair is still free.
   */
  careHistory?: boolean;
  /** Seed a few complaints in every state (default, with the care history). Tests of complaints turn it off. */
  complaints?: boolean;
}

export interface SeedSummary {
  countyId: string;
  countyCode: string;
  countyName: string;
  townships: number;
  villages: number;
  people: number;
  elders: number;
  households: number;
  relationships: number;
  organisations: number;
  helpers: number;
  needs: number;
  sharingConsents: number;
  publishedNeeds: number;
  agreements: number;
  visits: number;
  /** Supervision inspections done (issue #16): a year of household and agreement inspections. */
  inspections: number;
  ms: number;
}

/** A fictitious county code (99xxxx is not a real division) derived from the seed. */
export function countyCodeFor(seed: number): string {
  return `99${String(seed % 10000).padStart(4, '0')}`;
}

function uniqueName(random: Prng, used: Set<string>, suffix: string): string {
  for (let attempt = 0; ; attempt += 1) {
    const base = random.pick(PLACE_FIRST) + random.pick(PLACE_SECOND);
    const name = attempt < 20 ? `${base}${suffix}` : `${base}${attempt}${suffix}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/**
 * Generates a county deterministically from `seed` and writes it in one transaction with bulk
 * statements: regions, households, people and their ties, organisations, helpers' capacity
 * and elders' needs. Either all of it lands or none of it does.
 */
export async function seedCounty(dataSource: DataSource, options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const say = options.onProgress ?? (() => {});
  const countyCode = countyCodeFor(options.seed);
  const existing: unknown[] = await dataSource.query('SELECT 1 FROM region WHERE code = $1', [countyCode]);
  if (existing.length > 0) throw new Error(`A county with code ${countyCode} exists already: choose another --seed`);
  const countyName = options.seed === 1 ? '示范县' : `示范${options.seed}县`;
  const perTownship = options.villages <= 12 ? 4 : 22;
  const townships = Math.ceil(options.villages / perTownship);

  return dataSource.transaction(async (em) => {
    let lastReport = 0;
    const writer = new BulkWriter(
      { query: (sql, parameters) => em.query(sql, parameters) },
      (written: Map<Table, number>) => {
        if (performance.now() - lastReport < 2000) return;
        lastReport = performance.now();
        say(
          `  written: ${['person', 'relationship', 'helper', 'need'].map((t) => `${t} ${written.get(t as Table)!.toLocaleString('en')}`).join(', ')}`,
        );
      },
    );
    const random = new Prng(options.seed);
    const ctx = new SeedContext(random, writer, '', countyCode, options.currentYear ?? new Date().getUTCFullYear());
    const county = addRegion(ctx, null, 'COUNTY', countyCode, countyName);
    ctx.countyId = county.id;
    const townshipNames = new Set<string>();
    const villageNames = new Set<string>();
    const organisations: SeedOrganisation[] = [...countyServices(ctx, county, countyName)];
    let made = 0;
    for (let t = 0; t < townships; t += 1) {
      const township = addRegion(
        ctx,
        county,
        'TOWNSHIP',
        `${countyCode}${String(100 + t).padStart(3, '0')}`,
        uniqueName(random, townshipNames, '镇'),
      );
      const villages: SeedVillage[] = [];
      for (let v = 0; v < perTownship && made < options.villages; v += 1, made += 1) {
        const village = generateVillage(ctx, township, v, uniqueName(random, villageNames, '村'));
        villageCapacityAndNeeds(ctx, village);
        organisations.push(partyBranch(ctx, village));
        villages.push(village);
        await writer.maybeFlush();
      }
      // One charity home per 3 villages (4 when a group of 4 would otherwise leave one alone).
      for (let v = 0; v < villages.length;) {
        const size = villages.length - v === 4 ? 4 : Math.min(3, villages.length - v);
        organisations.push(charityHome(ctx, villages.slice(v, v + size)));
        v += size;
      }
      organisations.push(...townshipServices(ctx, township, villages));
      say(`  township ${t + 1}/${townships} (${township.name}): ${made}/${options.villages} villages generated`);
    }
    for (const organisation of organisations) organisationHelper(ctx, organisation, options.villages);
    await writer.flush();
    const care =
      options.careHistory === false
        ? { agreements: 0, visits: 0 }
        : await seedCareHistory(em, county.id, options.today ?? today());
    say(
      `  care: ${care.agreements.toLocaleString('en')} agreements (kin care, and pairs a run matched), ${care.visits.toLocaleString('en')} visits (8 weeks done, 2 ahead)`,
    );
    const inspections =
      options.careHistory === false ? 0 : await seedInspections(em, county.id, options.today ?? today());
    say(`  supervision: ${inspections.toLocaleString('en')} inspections over the past year`);
    const complaints = options.complaints === false ? 0 : await seedComplaints(em, county.id, options.today ?? today());
    say(`  complaints: ${complaints} about agreements, in every state`);
    // The consenting elders' open needs go on the charities' feed (and into its outbox).
    let published = 0;
    const needIds: string[] = (await em.query('SELECT id FROM need WHERE county_id = $1 ORDER BY id', [county.id])).map(
      (row: { id: string }) => row.id,
    );
    for (let i = 0; i < needIds.length; i += 5000)
      published += await publishNeedChanges(em, needIds.slice(i, i + 5000));
    say(`  published ${published.toLocaleString('en')} needs to the charities' feed`);
    const s = ctx.stats;
    return {
      countyId: county.id,
      countyCode,
      countyName,
      townships,
      villages: made,
      people: s.people,
      elders: s.elders,
      households: s.households,
      relationships: s.relationships,
      organisations: s.organisations,
      helpers: s.helpers,
      needs: s.needs,
      sharingConsents: s.sharingConsents,
      publishedNeeds: published,
      agreements: care.agreements,
      visits: care.visits,
      inspections,
      ms: Math.round(performance.now() - started),
    };
  });
}
