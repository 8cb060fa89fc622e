import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CpuIdleness, type CpuReading, freeCores, threadsPay } from '../src/internal.js';

/** A scripted reader: each call returns the next reading. */
function script(readings: CpuReading[]): () => CpuReading {
  let i = 0;
  return () => readings[Math.min(i++, readings.length - 1)]!;
}

describe('the metric kernels decide their threads from measured CPU idleness', () => {
  it("counts idle time and the process's own CPU time as free cores over the window", () => {
    const a = { at: 1000, idle: 50_000, own: 300 };
    // 200 ms on 2 cores: 150 ms idle, 100 ms of our own work → 1.25 cores were free for us
    expect(freeCores(a, { at: 1200, idle: 50_150, own: 400 })).toBeCloseTo(1.25, 12);
    // the process's own earlier work (both cores busy with it) never counts against it
    expect(freeCores(a, { at: 1200, idle: 50_000, own: 700 })).toBeCloseTo(2, 12);
    // another process held both cores: nothing free
    expect(freeCores(a, { at: 1200, idle: 50_000, own: 300 })).toBe(0);
    expect(freeCores(a, a)).toBeUndefined();
  });

  it('runs n threads only with at least n − 1/2 free cores', () => {
    expect(threadsPay(1.5, 2)).toBe(true);
    expect(threadsPay(1.49, 2)).toBe(false);
    expect(threadsPay(2, 3)).toBe(false);
    expect(threadsPay(0.5, 1)).toBe(true);
  });

  it('stays on one thread until a full window was read, then follows each window (injected readings)', () => {
    const idleness = new CpuIdleness(
      script([
        { at: 0, idle: 0, own: 0 }, // construction
        { at: 50, idle: 100, own: 0 }, // too short a window: no decision yet
        { at: 250, idle: 480, own: 10 }, // 250 ms: 480 ms idle + 10 own → 1.96 free cores
        { at: 300, idle: 480, own: 20 }, // short window: the previous decision holds
        { at: 500, idle: 500, own: 30 }, // 250 ms: 20 idle + 20 own → 0.16 free cores (another process is busy)
        { at: 800, idle: 500, own: 630 }, // 300 ms of our own work on both cores → 2 free cores
      ]),
      200,
    );
    expect(idleness.decide(2)).toMatchObject({ threads: 1, reason: 'no CPU reading over 200 ms yet' });
    expect(idleness.decide(2)).toMatchObject({ threads: 2, freeCores: 1.96 });
    expect(idleness.decide(2)).toMatchObject({ threads: 2, freeCores: 1.96 });
    const busy = idleness.decide(2);
    expect(busy.threads).toBe(1);
    expect(busy.freeCores).toBeCloseTo(0.16, 12);
    expect(busy.reason).toMatch(/^0\.16 free cores measured, fewer than 2 threads need/);
    expect(idleness.decide(2)).toMatchObject({ threads: 2, freeCores: 2 });
  });

  it('decides one thread or all of them, never a free-core count below 0 (fast-check)', () => {
    const reading = fc.record({
      at: fc.integer({ min: 0, max: 1e6 }),
      idle: fc.integer({ min: 0, max: 1e6 }),
      own: fc.integer({ min: 0, max: 1e6 }),
    });
    const readings = fc.array(reading, { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(readings, fc.integer({ min: 2, max: 8 }), (readings, threads) => {
        const idleness = new CpuIdleness(script(readings), 200);
        for (let i = 1; i < readings.length; i++) {
          const decision = idleness.decide(threads);
          expect([1, threads]).toContain(decision.threads);
          if (decision.freeCores !== undefined) {
            expect(decision.freeCores).toBeGreaterThanOrEqual(0);
            expect(decision.threads === threads).toBe(threadsPay(decision.freeCores, threads));
          }
        }
      }),
    );
  });
});
