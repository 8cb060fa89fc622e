/** FNV-1a over UTF-16 code units from a given offset basis (two bases give two independent 32-bit hashes). */
function fnv1a(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Bits of a context key: `key · T + term` stays an exact integer (< 2^53) for up to 64 objective terms. */
export const CONTEXT_KEY_BITS = 46;

/**
 * The prior-store key of a context id: a 46-bit hash (two FNV-1a hashes), the same on every replica
 * and every restart, so replicas share priors without coordinating. Two of n distinct ids collide
 * with probability ≈ n²/2^47 (10⁶ contexts: 0.7 %); a collision makes two contexts share one prior.
 */
export function contextKey(id: string): number {
  const hi = fnv1a(id, 0x811c9dc5) & 0x3fff; // 14 bits
  const lo = fnv1a(id, 0x050c5d1f);
  return hi * 2 ** 32 + lo;
}
