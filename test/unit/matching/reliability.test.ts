import { describe, expect, it } from 'vitest';
import { reliabilityCost } from '../../../src/matching/cost.ts';
import { runMatching } from '../../../src/matching/engine.ts';
import { DEFAULT_MATCH_POLICY } from '../../../src/matching/policy.ts';
import { sentenceEn, sentenceZh } from '../../../src/modules/matching/explanation.ts';
import { input, need, person } from './builders.ts';

/**
 * The helper's record in the matching (issue #15): weight × (0.9 − score), score = mean of the
 * share of visits done and the stars' share; nothing without history.
 */
describe('the reliability term', () => {
  const policy = DEFAULT_MATCH_POLICY;

  it('costs nothing without history, more for a poor record, less for a good one', () => {
    expect(reliabilityCost(person('new', 'G1a'), policy)).toBe(0);
    expect(reliabilityCost(person('none', 'G1a', { reliability: null }), policy)).toBe(0);
    // 96 % done, 4.7★: score (0.96 + 0.925) / 2 = 0.9425 → 20 × (0.9 − 0.9425) = −0.85
    expect(reliabilityCost(person('good', 'G1a', { reliability: { doneShare: 0.96, meanRating: 4.7 } }), policy)).toBe(
      -0.85,
    );
    // 60 % done, 2★: score (0.6 + 0.25) / 2 = 0.425 → 20 × 0.475 = 9.5
    expect(reliabilityCost(person('poor', 'G1a', { reliability: { doneShare: 0.6, meanRating: 2 } }), policy)).toBe(
      9.5,
    );
    // Done share alone without ratings.
    expect(
      reliabilityCost(person('unrated', 'G1a', { reliability: { doneShare: 0.8, meanRating: null } }), policy),
    ).toBe(2);
    expect(
      reliabilityCost(person('poor', 'G1a', { reliability: { doneShare: 0.6, meanRating: 2 } }), {
        ...policy,
        reliabilityWeight: 0,
      }),
    ).toBe(0);
  });

  it('lets the helper with the better record win between two otherwise equal neighbours', async () => {
    const n = need('n', 'G1a');
    const poor = person('a-poor', 'G1a', { reliability: { doneShare: 0.6, meanRating: 2 } });
    const good = person('b-good', 'G1a', { reliability: { doneShare: 0.97, meanRating: 4.8 } });
    const result = await runMatching(input([n], [poor, good]));
    expect(result.proposals.map((p) => p.helperId)).toEqual(['b-good']);
    expect(result.proposals[0].cost.reliability).toBeLessThan(0);
    // Without the term the two tie, and the engine's tie-break takes the first id.
    const flat = await runMatching(input([n], [poor, good], [], { policy: { ...policy, reliabilityWeight: 0 } }));
    expect(flat.proposals.map((p) => p.helperId)).toEqual(['a-poor']);
  });

  it('is said in the explanation, in Chinese and English', () => {
    const facts = {
      helper: { name: '王某', relation: { zh: '邻居', en: 'a neighbour' } },
      elderChoice: false,
      safetyNet: false,
      outsideHours: false,
      load: null,
      record: { doneShare: 0.96, meanRating: 4.7 },
      runnersUp: [],
    };
    expect(sentenceZh(facts)).toBe('由王某（邻居）照料；近90天完成96%的上门，平均4.7星。');
    expect(sentenceEn(facts)).toContain('did 96% of visits due in the last 90 days, 4.7★ on average');
  });
});
