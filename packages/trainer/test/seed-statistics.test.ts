import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { pairedTTest } from '../src/evaluation/paired-t-test.js';
import { signTest } from '../src/evaluation/sign-test.js';
import { studentTQuantile } from '../src/evaluation/student-t-quantile.js';

// Student's sleep data (R `datasets::sleep`): extra hours of sleep under drug 1 and drug 2, same 10 patients
const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('paired t-test over seeds', () => {
  it("matches R's t.test(extra ~ group, data = sleep, paired = TRUE)", () => {
    const r = pairedTTest(drug1, drug2);
    expect(r.n).toBe(10);
    expect(r.df).toBe(9);
    expect(r.mean).toBeCloseTo(-1.58, 12);
    expect(r.t).toBeCloseTo(-4.062128, 5);
    expect(r.p).toBeCloseTo(0.00283289, 8);
    expect(r.lo).toBeCloseTo(-2.4598858, 6);
    expect(r.hi).toBeCloseTo(-0.7001142, 6);
  });

  it('hand-computed: differences 1..5 give d̄ = 3, sd = √2.5, t = 3/√0.5, 95 % CI 3 ± 2.776445·√0.5', () => {
    const r = pairedTTest([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]);
    expect(r.sd).toBeCloseTo(Math.sqrt(2.5), 14);
    expect(r.t).toBeCloseTo(3 / Math.sqrt(0.5), 12);
    expect(r.p).toBeCloseTo(0.01324, 5);
    expect(r.lo).toBeCloseTo(3 - 2.776445 * Math.sqrt(0.5), 5);
    expect(r.hi).toBeCloseTo(4.963243, 5); // R: t.test(1:5) gives [1.036757, 4.963243]
  });

  it('edge cases: fewer than 2 seeds, constant and zero differences, unequal lengths', () => {
    expect(Number.isNaN(pairedTTest([1], [0]).p)).toBe(true);
    expect(pairedTTest([1, 1, 1], [0, 0, 0])).toMatchObject({ t: Infinity, p: 0, lo: 1, hi: 1 });
    expect(pairedTTest([2, 3], [2, 3])).toMatchObject({ t: 0, p: 1 });
    expect(() => pairedTTest([1, 2], [1])).toThrow(RangeError);
  });

  test.prop([fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 12 })])(
    'the interval excludes 0 exactly when p < 0.05; swapping the arms flips t and keeps p',
    (d) => {
      const zero = d.map(() => 0);
      const r = pairedTTest(d, zero);
      const s = pairedTTest(zero, d);
      if (!Number.isFinite(r.t) || Math.abs(r.p - 0.05) < 1e-9) return;
      expect(r.lo > 0 || r.hi < 0).toBe(r.p < 0.05);
      expect(s.p).toBeCloseTo(r.p, 12);
      expect(s.t).toBeCloseTo(-r.t, 12);
    },
  );
});

describe('t quantile', () => {
  it('matches qt() in R', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062047, 6);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764451, 6);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.2621572, 6);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.2621572, 6);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
  });
});

describe('exact sign test over seeds', () => {
  it('matches binom.test: 9 of 10 positive gives p = 22/1024; 5 of 5 gives 2/32', () => {
    const nine = signTest([1, 1, 1, 1, 1, 1, 1, 1, 1, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(nine).toMatchObject({ n: 10, positive: 9 });
    expect(nine.p).toBeCloseTo(22 / 1024, 14);
    expect(signTest([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]).p).toBeCloseTo(2 / 32, 15);
    // ties dropped: 3 positive, 1 negative, 1 tie ⇒ n = 4, p = 2·(1 + 4)/16
    const tied = signTest([1, 1, 1, 0, 2], [0, 0, 0, 1, 2]);
    expect(tied).toMatchObject({ n: 4, positive: 3 });
    expect(tied.p).toBeCloseTo(10 / 16, 14);
    expect(signTest([1, 2], [1, 2])).toEqual({ n: 0, positive: 0, p: 1 });
  });

  test.prop([fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 30 })])(
    'equals the binomial sum by brute force',
    (d) => {
      const zero = d.map(() => 0);
      const { n, positive, p } = signTest(d, zero);
      const k = Math.min(positive, n - positive);
      let choose = 1;
      let tail = 0;
      for (let i = 0; i <= k; i++) {
        if (i > 0) choose = (choose * (n - i + 1)) / i;
        tail += choose;
      }
      expect(p).toBeCloseTo(Math.min(1, (2 * tail) / 2 ** n), 12);
    },
  );
});
