import { describe, expect, it } from 'vitest';
import { ageInYear, currentYear, daysWaited, today } from '../../src/common/time.ts';
import { DEFAULT_PRIORITY_WEIGHTS, elderNeedPriority, weightsWithDefaults } from '../../src/modules/policy/priority.ts';
import { SelfCareLevel } from '../../src/modules/person/person.enums.ts';

describe('one clock: Asia/Shanghai', () => {
  it('names the date and the year in China, where UTC is still on the day before', () => {
    const newYearInBeijing = new Date('2026-12-31T17:30:00Z'); // 01:30 on 1 January in Beijing
    expect(today(newYearInBeijing)).toBe('2027-01-01');
    expect(currentYear(newYearInBeijing)).toBe(2027);
    expect(ageInYear(1947, currentYear(newYearInBeijing))).toBe(80);
    expect(today(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
  });
});

describe('daysWaited', () => {
  const now = new Date('2026-12-03T02:00:00Z'); // 10:00 in Beijing
  it('counts whole days from a moment, and none for a moment not yet come', () => {
    expect(daysWaited(null, now)).toBe(0);
    expect(daysWaited(new Date('2026-12-02T02:00:01Z'), now)).toBe(0);
    expect(daysWaited(new Date('2026-12-02T02:00:00Z'), now)).toBe(1);
    expect(daysWaited(new Date('2026-11-23T02:00:00Z'), now)).toBe(10);
    expect(daysWaited(new Date('2026-12-04T02:00:00Z'), now)).toBe(0);
  });

  it('takes a date as midnight in China', () => {
    expect(daysWaited('2026-12-03', now)).toBe(0);
    expect(daysWaited('2026-12-02', now)).toBe(1);
    // Midnight in Beijing on 2 Dec is 16:00 UTC on 1 Dec: at 15:59 UTC on 2 Dec a day has passed, not two.
    expect(daysWaited('2026-12-02', new Date('2026-12-02T15:59:00Z'))).toBe(0);
    expect(daysWaited('2026-12-01', new Date('2026-12-02T15:59:00Z'))).toBe(1);
  });
});

describe('elderNeedPriority', () => {
  const elder = {
    selfCareLevel: SelfCareLevel.DEPENDENT,
    livesAlone: true,
    bottomLineHousehold: true,
    disability: 'NONE',
    birthYear: 1940,
  };
  const now = new Date('2026-12-03T02:00:00Z');
  it("reads the elder's facts, age in China's year and the days waited through the one rule each", () => {
    const priority = elderNeedPriority(elder, new Date('2026-11-28T02:00:00Z'), DEFAULT_PRIORITY_WEIGHTS, now);
    expect(priority.parts).toEqual([
      { factor: 'selfCare:DEPENDENT', points: 40 },
      { factor: 'livesAlone', points: 15 },
      { factor: 'bottomLineHousehold', points: 15 },
      { factor: 'aged80', points: 10 },
      { factor: 'daysUnmet', points: 5 },
    ]);
    expect(priority.score).toBe(85);
    expect(
      elderNeedPriority({ ...elder, disability: 'VISUAL' }, null, DEFAULT_PRIORITY_WEIGHTS, now).parts,
    ).toContainEqual({ factor: 'disability', points: 10 });
    expect(
      elderNeedPriority({ ...elder, birthYear: 1947 }, null, DEFAULT_PRIORITY_WEIGHTS, now).parts.map((p) => p.factor),
    ).not.toContain('aged80');
  });

  it("merges a county's stored weights over the defaults in one place", () => {
    expect(weightsWithDefaults(null)).toEqual(DEFAULT_PRIORITY_WEIGHTS);
    expect(weightsWithDefaults({ livesAlone: 30 })).toEqual({ ...DEFAULT_PRIORITY_WEIGHTS, livesAlone: 30 });
  });
});
