import { describe, expect, it } from 'vitest';
import { daysWaited } from '../../../src/common/time.ts';

describe('daysWaited: a date is midnight in China, anything else a moment', () => {
  it('counts from midnight in Beijing, which is 16:00 UTC the day before', () => {
    // 04:00 on 3 December in Beijing: 28 hours after Beijing's midnight of 2 December, 20 after UTC's.
    const now = new Date('2026-12-02T20:00:00Z');
    expect(daysWaited('2026-12-02', now)).toBe(1);
    expect(daysWaited('2026-12-03', now)).toBe(0);
  });

  it('takes a full timestamp as the moment it names', () => {
    const now = new Date('2026-12-03T10:00:00Z');
    expect(daysWaited('2026-12-02T10:00:00Z', now)).toBe(1);
    expect(daysWaited('2026-12-02T10:00:01Z', now)).toBe(0);
  });
});
