import { fnv1a32 } from '../random/hash.js';
import { addSignWords, normalizeRows, randomSignWords } from './random-sign-vector.js';

/** Options of {@link titleEmbeddings}. */
export interface TitleEmbeddingOptions {
  /** Output dimension (default 64). */
  readonly dim?: number;
  /** Character n-gram length (default 3). */
  readonly n?: number;
  /** Seed of the projection (default 0x5eed; fixed so a title always gets the same vector). */
  readonly seed?: number;
}

/** Source tag of {@link titleEmbeddings} (`Catalog.embeddings.source`). */
export const TITLE_EMBEDDING_SOURCE = 'title-char3-hash-v1';

/**
 * Deterministic text embeddings of item titles, used for ILD when a data set has none:
 *
 * 1. the title is NFKC-normalised, lower-cased, whitespace-collapsed and wrapped as `#title#`
 *    (an empty title falls back to the item id);
 * 2. every character `n`-gram (code points) is counted;
 * 3. each distinct n-gram `g` adds `count × r(g)`, where `r(g) ∈ {−1, +1}^dim` is a seeded random
 *    sign vector keyed by FNV-1a(`g`) — a sparse random projection of the n-gram count vector;
 * 4. the sum is L2-normalised.
 *
 * Titles sharing many n-grams (same series, same platform) get cosine-similar vectors. The result is
 * identical on every machine (integer hashing; the sums are of small integers, hence exact in any
 * order).
 * @returns a row-major `titles.length × dim` matrix.
 */
export function titleEmbeddings(
  titles: readonly string[],
  options: TitleEmbeddingOptions & { readonly ids?: readonly string[] } = {},
): Float32Array {
  const dim = options.dim ?? 64;
  const n = options.n ?? 3;
  const seed = options.seed ?? 0x5eed;
  const acc = new Float64Array(titles.length * dim);
  const cache = new Map<string, Uint32Array>();
  const signs = (gram: string): Uint32Array => {
    let words = cache.get(gram);
    if (!words) {
      words = randomSignWords(fnv1a32(gram, seed), dim);
      cache.set(gram, words);
    }
    return words;
  };
  titles.forEach((title, i) => {
    const raw = title.trim() === '' ? (options.ids?.[i] ?? '') : title;
    const text = `#${raw.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()}#`;
    const chars = Array.from(text);
    if (chars.length < n) addSignWords(acc, i * dim, dim, signs(text), 1);
    for (let k = 0; k + n <= chars.length; k++) {
      let gram = chars[k]!;
      for (let m = 1; m < n; m++) gram += chars[k + m]!;
      addSignWords(acc, i * dim, dim, signs(gram), 1);
    }
  });
  return normalizeRows(acc, dim);
}
