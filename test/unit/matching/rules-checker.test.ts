import { describe, expect, it } from 'vitest';
import { runMatching } from '../../../src/matching/engine.ts';
import { ruleViolations } from '../../support/match-checker.ts';
import { generateInstance } from '../../support/match-instances.ts';
import { input, kin, need, person } from './builders.ts';

describe('every proposal against every hard rule, by a checker written apart from the model', () => {
  it('finds no violation on 40 random small counties', async () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const matchInput = generateInstance({
        villages: 1 + (seed % 4),
        needsPerVillage: 6 + (seed % 9),
        helpersPerVillage: 3 + (seed % 5),
        seed,
      });
      const result = await runMatching(matchInput);
      expect(ruleViolations(matchInput, result), `seed ${seed}`).toEqual([]);
    }
  });

  it('can fail: it names an over-full day, a refused helper and a traded son', () => {
    const monday = [{ weekday: 1, start: 11 * 60, end: 12 * 60 }];
    const a = need('a', 'G1a', { slots: monday, weeklyMinutes: 30, refusedHelperIds: ['h'] });
    const b = need('b', 'G1a', { slots: monday, weeklyMinutes: 30 });
    const c = need('c', 'G1a', { slots: monday, weeklyMinutes: 30 });
    const h = person('h', 'G1a', { availability: monday, maxElders: 5 });
    const son = person('son', 'G1b');
    const mother = need('mother', 'G1a');
    const proposal = (needId: string, helperId: string) => ({
      needId,
      helperId,
      tier: 'NEIGHBOUR' as const,
      cost: { tier: 0, distance: 0, continuity: 0, preference: 0, reliability: 0, workload: 0, total: 0 },
      safetyNet: false,
      runnersUp: [],
    });
    const matchInput = input([a, b, c, mother, need('other', 'G1b')], [h, son], [kin(mother, son)]);
    const violations = ruleViolations(matchInput, {
      proposals: [
        proposal('a', 'h'),
        proposal('b', 'h'),
        proposal('c', 'h'),
        proposal('mother', 'h'),
        proposal('other', 'son'),
      ],
      unmet: [],
      metrics: {} as never,
    });
    expect(violations).toEqual(
      expect.arrayContaining([
        'a/h: refused by the elder',
        'h: day 1 cannot be timetabled (4 visits)',
        "son: serves other while not their own kin's mother",
      ]),
    );
  });
});
