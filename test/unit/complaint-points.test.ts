import { describe, expect, it } from 'vitest';
import { creditPointsFor, suspends } from '../../src/modules/complaint/complaint-consequences.ts';
import { ComplaintOutcome, ComplaintSeverity } from '../../src/modules/complaint/complaint.enums.ts';

describe('what an outcome costs', () => {
  it('is whole points: -6 or -20 upheld, half partly upheld, nothing not upheld', () => {
    const table = Object.values(ComplaintSeverity).map((severity) =>
      Object.values(ComplaintOutcome).map((outcome) => creditPointsFor(outcome, severity)),
    );
    expect(table).toEqual([
      [-6, -3, 0],
      [-20, -10, 0],
    ]);
    expect(table.flat().every(Number.isInteger)).toBe(true);
  });

  it('suspends a helper only for an upheld serious complaint', () => {
    const helperId = 'h';
    expect(suspends({ severity: ComplaintSeverity.SERIOUS, helperId }, ComplaintOutcome.UPHELD)).toBe(true);
    expect(suspends({ severity: ComplaintSeverity.SERIOUS, helperId }, ComplaintOutcome.PARTLY_UPHELD)).toBe(false);
    expect(suspends({ severity: ComplaintSeverity.ORDINARY, helperId }, ComplaintOutcome.UPHELD)).toBe(false);
    expect(suspends({ severity: ComplaintSeverity.SERIOUS, helperId: null }, ComplaintOutcome.UPHELD)).toBe(false);
  });
});
