import type { RolloutTargets } from '@bladerec/core';

/** Allocates the five arrays of {@link RolloutTargets} for a group of `n` rollouts. */
export function allocateTargets(n: number): {
  reward: Float64Array;
  logWeight: Float64Array;
  cdf: Float64Array;
  cdfBelow: Float64Array;
  cdfAtOrBelow: Float64Array;
} & RolloutTargets {
  return {
    reward: new Float64Array(n),
    logWeight: new Float64Array(n),
    cdf: new Float64Array(n),
    cdfBelow: new Float64Array(n),
    cdfAtOrBelow: new Float64Array(n),
  };
}
