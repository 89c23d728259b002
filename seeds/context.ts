import { idNumberCheckCharacter } from '../src/modules/person/id-number.ts';
import type { BulkWriter } from './bulk.ts';
import type { Prng } from './prng.ts';
import { FEMALE_CHARS, MALE_CHARS, SURNAMES } from './vocabulary.ts';

export type Sex = 'M' | 'F';

/** A person as the generator knows them while building a village. */
export interface SeedPerson {
  id: string;
  sex: Sex;
  birthYear: number;
  atHome: boolean;
  regionId: string;
  householdId: string;
  villageId: string;
  selfCare: string | null;
  livesAlone: boolean;
  partyMember: boolean;
  /** Of a household on the minimum living guarantee (低保/兜底). */
  bottomLine: boolean;
  awayChildren: SeedPerson[];
}

export interface Stats {
  people: number;
  elders: number;
  relationships: number;
  households: number;
  organisations: number;
  helpers: number;
  needs: number;
  sharingConsents: number;
}

/** Shared state of one generation run. */
export class SeedContext {
  readonly stats: Stats = {
    people: 0,
    elders: 0,
    relationships: 0,
    households: 0,
    organisations: 0,
    helpers: 0,
    needs: 0,
    sharingConsents: 0,
  };
  private readonly idSequence = new Map<string, number>();
  private readonly tieKeys = new Set<string>();

  constructor(
    readonly random: Prng,
    readonly writer: BulkWriter,
    public countyId: string,
    readonly countyCode: string,
    readonly currentYear: number,
  ) {}

  isElder(person: { birthYear: number }): boolean {
    return this.currentYear - person.birthYear >= 60;
  }

  surname(): string {
    return this.random.weighted(SURNAMES);
  }

  givenName(sex: Sex): string {
    const chars = sex === 'M' ? MALE_CHARS : FEMALE_CHARS;
    return this.random.chance(0.3) ? this.random.pick(chars) : this.random.pick(chars) + this.random.pick(chars);
  }

  /** A valid, county-unique identity number: birth date in it, odd sequence for men. */
  idNumber(birthYear: number, sex: Sex): string {
    const month = this.random.int(1, 12);
    const day = this.random.int(1, 28);
    const date = `${birthYear}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    const key = `${date}${sex}`;
    const n = (this.idSequence.get(key) ?? 0) + 1;
    this.idSequence.set(key, n);
    const sequence = sex === 'M' ? 2 * n - 1 : 2 * n;
    const first17 = `${this.countyCode}${date}${String(sequence).padStart(3, '0')}`;
    return first17 + idNumberCheckCharacter(first17);
  }

  phone(): string {
    return `1${this.random.pick(['3', '5', '8', '9'])}${String(this.random.int(0, 999_999_999)).padStart(9, '0')}`;
  }

  /** Ties never cross villages here, so the duplicate check can start afresh with each one. */
  startVillage(): void {
    this.tieKeys.clear();
  }

  /** Records a symmetric tie once (a < b), never a self-tie or a duplicate. */
  tie(
    x: string,
    y: string,
    kind: 'KIN' | 'SPOUSE' | 'NEIGHBOUR' | 'FRIEND' | 'CADRE_PAIRING',
    degree: number | null = null,
    term: string | null = null,
    /** A fixed id instead of one from the random stream (ties added after the stream was drawn). */
    fixedId?: string,
  ): void {
    if (x === y) return;
    const [a, b] = x < y ? [x, y] : [y, x];
    const key = `${a}${b}${kind}`;
    if (this.tieKeys.has(key)) return;
    this.tieKeys.add(key);
    this.writer.add('relationship', {
      id: fixedId ?? this.random.uuid(),
      county_id: this.countyId,
      person_a_id: a,
      person_b_id: b,
      kind,
      kin_degree: degree,
      kin_term: term,
    });
    this.stats.relationships += 1;
  }
}
