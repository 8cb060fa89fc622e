/** Mean and `Σ(r − r̄)²` of a group's rewards. */
export function groupMoments(rewards: ArrayLike<number>): { mean: number; sumSquares: number } {
  const n = rewards.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += rewards[i]!;
  mean = n > 0 ? mean / n : 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) sumSquares += (rewards[i]! - mean) ** 2;
  return { mean, sumSquares };
}
