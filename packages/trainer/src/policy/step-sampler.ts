import type { RandomSource } from '@bladerec/core';

/**
 * Draws one token per row from probabilities computed on the device (`probs`, `R × V`, already
 * masked and tempered), by inverse CDF with a uniform from `random`. With `topP < 1` the draw is
 * restricted to the smallest set of most probable items whose mass reaches `topP` (nucleus sampling,
 * Holtzman et al. 2020). Banned items have probability 0 and are never drawn.
 */
export function drawTokens(
  probs: Float32Array,
  rows: number,
  vocab: number,
  random: RandomSource,
  topP: number,
  out: Int32Array,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * vocab;
    if (topP < 1) {
      out[r] = drawNucleus(probs, base, vocab, random.nextFloat(), topP);
      continue;
    }
    let total = 0;
    for (let i = 0; i < vocab; i++) total += probs[base + i]!;
    let u = random.nextFloat() * total;
    let pick = -1;
    for (let i = 0; i < vocab; i++) {
      const p = probs[base + i]!;
      if (p <= 0) continue;
      pick = i;
      u -= p;
      if (u < 0) break;
    }
    if (pick < 0) throw new Error(`row ${r}: no item left to sample (list longer than the allowed items?)`);
    out[r] = pick;
  }
}

function drawNucleus(probs: Float32Array, base: number, vocab: number, uniform: number, topP: number): number {
  const order = Array.from({ length: vocab }, (_, i) => i).filter((i) => probs[base + i]! > 0);
  if (order.length === 0) throw new Error('no item left to sample');
  order.sort((a, b) => probs[base + b]! - probs[base + a]! || a - b);
  let total = 0;
  for (const i of order) total += probs[base + i]!;
  let kept = 0;
  let mass = 0;
  while (kept < order.length && mass < topP * total) mass += probs[base + order[kept++]!]!;
  let u = uniform * mass;
  for (let j = 0; j < kept; j++) {
    u -= probs[base + order[j]!]!;
    if (u < 0) return order[j]!;
  }
  return order[kept - 1]!;
}
