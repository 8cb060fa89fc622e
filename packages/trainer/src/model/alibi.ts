/**
 * ALiBi slopes (Press et al. 2022, "Train Short, Test Long"): head h of H adds `−m_h · distance` to
 * its attention scores, with `m_h = 2^(−8h/H)`, h = 1 … H.
 */
export function alibiSlopes(heads: number): Float32Array {
  const slopes = new Float32Array(heads);
  for (let h = 0; h < heads; h++) slopes[h] = 2 ** ((-8 * (h + 1)) / heads);
  return slopes;
}

/** Score bias for a disallowed key. Large but finite, so fully masked rows stay finite. */
export const MASKED = -1e9;

/**
 * Additive attention bias `[B·H, Tq, Tk]` for queries at absolute positions `queryStart … queryStart+Tq−1`
 * over keys `0 … Tk−1`: ALiBi distance penalty where the key is visible, {@link MASKED} where it is
 * in the future, outside the window of `context` tokens, or padding (`keyValid[b·Tk + j] = 0`).
 * A position always sees itself, so a query with no visible history (an empty history) still has
 * one key and yields a learned context-free state.
 */
export function attentionBias(
  batch: number,
  heads: number,
  slopes: Float32Array,
  queryStart: number,
  queries: number,
  keys: number,
  context: number,
  keyValid: Uint8Array,
): Float32Array {
  const out = new Float32Array(batch * heads * queries * keys);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const m = slopes[h]!;
      for (let qi = 0; qi < queries; qi++) {
        const i = queryStart + qi;
        for (let j = 0; j < keys; j++) {
          const distance = i - j;
          const visible = distance === 0 || (distance > 0 && distance < context && keyValid[b * keys + j] === 1);
          out[o++] = visible ? -m * distance : MASKED;
        }
      }
    }
  }
  return out;
}
