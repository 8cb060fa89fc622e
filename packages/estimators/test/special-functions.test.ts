import { describe, expect, it } from 'vitest';
import { digamma, gammaP, incompleteBeta, logGamma, normalCdf, studentTCdf } from '../src/internal.js';

describe('special functions against known values', () => {
  it('logGamma', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9);
    expect(logGamma(100.5) - logGamma(99.5)).toBeCloseTo(Math.log(99.5), 11);
  });
  it('digamma', () => {
    const eulerGamma = 0.5772156649015329;
    expect(digamma(1)).toBeCloseTo(-eulerGamma, 13);
    expect(digamma(0.5)).toBeCloseTo(-eulerGamma - 2 * Math.LN2, 13);
    // ψ(n) = H_{n−1} − γ
    expect(digamma(8)).toBeCloseTo(1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5 + 1 / 6 + 1 / 7 - eulerGamma, 13);
    expect(() => digamma(0)).toThrow();
  });
  it('normal CDF in the centre and both tails', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 13);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 13);
    expect(normalCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 8);
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 13);
  });
  it('incomplete beta and Student-t', () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 13);
    expect(incompleteBeta(0.3, 2, 3)).toBeCloseTo(0.3483, 12);
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 13);
    // ν = 1 is Cauchy: ½ + atan(t)/π
    expect(studentTCdf(2, 1)).toBeCloseTo(0.5 + Math.atan(2) / Math.PI, 12);
    expect(studentTCdf(-2.015048373333024, 5)).toBeCloseTo(0.05, 10);
    expect(studentTCdf(3, 1e6)).toBeCloseTo(normalCdf(3), 6);
  });
});
