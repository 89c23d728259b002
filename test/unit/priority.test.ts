import { describe, expect, it } from 'vitest';
import { SelfCareLevel } from '../../src/modules/person/person.enums.ts';
import {
  DEFAULT_PRIORITY_WEIGHTS,
  needPriority,
  PriorityBand,
  priorityWeightsProblems,
  type PriorityFacts,
} from '../../src/modules/policy/priority.ts';

const independent: PriorityFacts = {
  selfCareLevel: SelfCareLevel.INDEPENDENT,
  livesAlone: false,
  bottomLineHousehold: false,
  hasDisability: false,
  age: 68,
  daysUnmet: 0,
};

describe('needPriority', () => {
  it('gives a healthy low-age elder who just asked the lowest band', () => {
    expect(needPriority(independent, DEFAULT_PRIORITY_WEIGHTS)).toEqual({
      score: 0,
      band: PriorityBand.LOW,
      parts: [],
    });
  });

  it('adds up frailty, solitude, assistance status, disability and great age, part by part', () => {
    const priority = needPriority(
      {
        selfCareLevel: SelfCareLevel.DEPENDENT,
        livesAlone: true,
        bottomLineHousehold: true,
        hasDisability: true,
        age: 86,
        daysUnmet: 3,
      },
      DEFAULT_PRIORITY_WEIGHTS,
    );
    expect(priority.parts).toEqual([
      { factor: 'selfCare:DEPENDENT', points: 40 },
      { factor: 'livesAlone', points: 15 },
      { factor: 'bottomLineHousehold', points: 15 },
      { factor: 'disability', points: 10 },
      { factor: 'aged80', points: 10 },
      { factor: 'daysUnmet', points: 3 },
    ]);
    expect(priority.score).toBe(93);
    expect(priority.band).toBe(PriorityBand.URGENT);
  });

  it('ranks a dependent elder above a partly dependent one above an independent one', () => {
    const score = (selfCareLevel: SelfCareLevel) =>
      needPriority({ ...independent, selfCareLevel }, DEFAULT_PRIORITY_WEIGHTS).score;
    expect(score(SelfCareLevel.DEPENDENT)).toBeGreaterThan(score(SelfCareLevel.PARTIAL));
    expect(score(SelfCareLevel.PARTIAL)).toBeGreaterThan(score(SelfCareLevel.INDEPENDENT));
  });

  it('lets waiting raise priority, up to the cap', () => {
    const waited = (daysUnmet: number) => needPriority({ ...independent, daysUnmet }, DEFAULT_PRIORITY_WEIGHTS).score;
    expect(waited(10)).toBe(10);
    expect(waited(30)).toBe(30);
    expect(waited(400)).toBe(30);
    expect(waited(-2)).toBe(0);
  });

  it("follows the county's own weights and bands", () => {
    const weights = { ...DEFAULT_PRIORITY_WEIGHTS, livesAlone: 50, bands: { urgent: 45, high: 30, medium: 10 } };
    expect(needPriority({ ...independent, livesAlone: true }, weights)).toMatchObject({
      score: 50,
      band: PriorityBand.URGENT,
    });
  });
});

describe('priorityWeightsProblems', () => {
  it('accepts the defaults and names every bad weight', () => {
    expect(priorityWeightsProblems(DEFAULT_PRIORITY_WEIGHTS)).toEqual([]);
    const problems = priorityWeightsProblems({
      ...DEFAULT_PRIORITY_WEIGHTS,
      livesAlone: -1,
      unmetDaysCap: 9999,
      bands: { urgent: 10, high: 20, medium: 5 },
    });
    expect(problems.map((p) => p.field)).toEqual(['livesAlone', 'unmetDaysCap', 'bands']);
  });
});
