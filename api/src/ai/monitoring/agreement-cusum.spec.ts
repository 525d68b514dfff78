import { aucWithInterval, averageRunLength, type CusumRule, cusumSteps, runCusum, wilson } from './agreement-cusum.js';

const RULE: CusumRule = { expected: 0.9, alert: 0.7, limit: 5, minLesions: 20 };

/** `periods` blocks of 10 lesions, the given positions in each block not agreed. */
const pattern = (periods: number, notAgreedAt: number[]) => Array.from({ length: periods * 10 }, (_, i) => !notAgreedAt.includes(i % 10));

/** mulberry32: a small seeded generator, so the simulation is the same on every run. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lesions until the first flag of a site whose true agreement is p (minimum lesions aside). */
function lesionsUntilFlag(p: number, random: () => number, rule: CusumRule): number {
  const seq: boolean[] = [];
  // Grown in chunks about the expected run's length, so the chart is rerun only a few times.
  const chunk = p > 0.8 ? 2000 : 50;
  for (;;) {
    for (let i = 0; i < chunk; i++) seq.push(random() < p);
    const { flaggedAfter } = runCusum(seq, { ...rule, minLesions: 1 });
    if (flaggedAfter !== null) return flaggedAfter;
  }
}

describe('agreement alert rule (Bernoulli CUSUM)', () => {
  it('flags a site whose agreement drops from 90 % to 70 % within the lesions the rule needs, and not before the drop', () => {
    const stable = pattern(20, [9]); // 200 lesions at exactly 90 %
    const dropped = pattern(10, [2, 5, 8]); // then exactly 70 %
    const { agreed, notAgreed } = cusumSteps(RULE);
    // The sum never drops below 0, so from the drop on it grows by at least one block's drift every 10 lesions:
    // it reaches h within ceil(h / drift) blocks, whatever it was at the drop.
    const drift = 3 * notAgreed + 7 * agreed;
    const needed = Math.ceil(RULE.limit / drift) * 10;
    expect(needed).toBe(40);
    const result = runCusum([...stable, ...dropped], RULE);
    expect(result.flaggedAfter).not.toBeNull();
    expect(result.flaggedAfter! - stable.length).toBeGreaterThan(0);
    expect(result.flaggedAfter! - stable.length).toBeLessThanOrEqual(needed);
    // And no fewer than the disagreements h alone calls for.
    expect(result.flaggedAfter! - stable.length).toBeGreaterThanOrEqual(Math.ceil(RULE.limit / notAgreed));
  });

  it('never flags a stable site at 90 %, and waits for the minimum number of lesions', () => {
    expect(runCusum(pattern(500, [4]), RULE)).toMatchObject({ flaggedAfter: null });
    expect(runCusum(pattern(500, [4]), RULE).statistic).toBeLessThan(RULE.limit);
    // Six disagreements first: over the limit at 5, flagged only once 20 lesions are in (if still over it).
    const early = [false, false, false, false, false, false, ...pattern(2, [0, 5])];
    expect(runCusum(early, RULE).flaggedAfter).toBe(20);
    expect(runCusum(early.slice(0, 19), RULE).flaggedAfter).toBeNull();
  });

  it('takes on average what the Markov-chain approximation says: ~29 lesions to detect 70 %, ~2,000 between false alarms at 90 %', () => {
    const arl1 = averageRunLength(RULE, 0.7);
    const arl0 = averageRunLength(RULE, 0.9);
    expect(arl1).toBeGreaterThan(25);
    expect(arl1).toBeLessThan(35);
    expect(arl0).toBeGreaterThan(1500);
    const random = seeded(2026);
    const mean = (p: number, runs: number) => Array.from({ length: runs }, () => lesionsUntilFlag(p, random, RULE)).reduce((a, b) => a + b, 0) / runs;
    // The simulated chart agrees with the analysis (standard errors: ~0.8 and ~140 lesions).
    expect(Math.abs(mean(0.7, 400) - arl1) / arl1).toBeLessThan(0.1);
    expect(Math.abs(mean(0.9, 200) - arl0) / arl0).toBeLessThan(0.25);
  });

  it('gives Wilson 95 % intervals', () => {
    expect(wilson(0, 0)).toBeNull();
    const w = wilson(81, 90)!;
    expect(w.value).toBeCloseTo(0.9, 5);
    expect(w.lower).toBeCloseTo(0.8210, 3);
    expect(w.upper).toBeCloseTo(0.9465, 3);
    expect(wilson(10, 10)!.upper).toBeCloseTo(1, 10);
  });
});

describe('control chart and AUC', () => {
  it('gives the statistic after every lesion, ending where the chart stands', () => {
    const result = runCusum([true, false, false, true], RULE);
    const { agreed, notAgreed } = cusumSteps(RULE);
    expect(result.path).toHaveLength(4);
    expect(result.path[0]).toBe(0);
    expect(result.path[2]).toBeCloseTo(2 * notAgreed);
    expect(result.path[3]).toBeCloseTo(2 * notAgreed + agreed);
    expect(result.path[3]).toBe(result.statistic);
  });

  it('computes the Mann-Whitney AUC with ties as half, and a Hanley-McNeil interval that narrows with cases', () => {
    expect(aucWithInterval([0.9, 0.8], [0.1, 0.2])!.value).toBe(1);
    expect(aucWithInterval([0.5], [0.5])!.value).toBe(0.5);
    expect(aucWithInterval([0.9, 0], [0])!.value).toBe(0.75);
    expect(aucWithInterval([], [0.1])).toBeNull();
    // The AUC 0.9 → 0.69 fall on unseen scanners: the 95 % interval tells them apart at a few dozen cases each.
    const scores = (n: number, auc: number) => ({ pos: Array.from({ length: n }, (_, i) => i / n), neg: Array.from({ length: n }, (_, i) => (i / n) - (2 * auc - 1) * 0.999) });
    const small = aucWithInterval([0.9, 0.7, 0.4], [0.3, 0.5, 0.1])!;
    const s = scores(60, 0.9);
    const large = aucWithInterval(s.pos, s.neg)!;
    expect(small.upper - small.lower).toBeGreaterThan(large.upper - large.lower);
    expect(large.lower).toBeGreaterThan(0.69);
    expect(large.value).toBeGreaterThan(0.85);
  });
});
