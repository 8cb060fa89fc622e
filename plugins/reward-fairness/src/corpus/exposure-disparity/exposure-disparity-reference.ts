import { PAD_ITEM } from '@bladerec/core';
import { attributeShares, normalise } from '../../common/attribute-shares.js';
import type { ReferenceCorpusLike } from '../reference-corpus.js';
import type { ExposureDisparityOptions } from './exposure-disparity-options.js';

/**
 * Readable group exposure disparity, from item exposures as Singh & Joachims define them:
 *
 *   E_i = Σ_u Σ_{p ≤ K} 1{L_u[p] = i, first occurrence} · v(p)
 *   Exp(g) = Σ_i E_i · w(i, g) / Σ_i E_i · [i has the attribute]
 *   mean-abs: Σ_g |Exp(g) − s_g| / |G|     max-min: max_g (Exp(g) − s_g) − min_g (Exp(g) − s_g)
 *
 * s: catalog share (items per group, categories spread 1/|C_i|), pooled history share (falling back
 * to the catalog when empty) or uniform. No attribute exposure → the range maximum (1 or 2).
 */
export function exposureDisparityReference(corpus: ReferenceCorpusLike, options: ExposureDisparityOptions): number {
  const { items } = corpus;
  const { attribute, k, weighting, reference, reduce } = options;
  const count = attribute === 'category' ? items.categories!.count : items.groups!.count;
  const v = (slot: number) => (weighting === 'position' ? 1 / Math.log2(slot + 2) : 1);

  const exposure = new Map<number, number>();
  for (const list of corpus.lists) {
    const seen = new Set<number>();
    for (let slot = 0; slot < list.length && slot < k && list[slot] !== PAD_ITEM; slot++) {
      const id = list[slot]!;
      if (id < 0 || seen.has(id)) continue;
      seen.add(id);
      exposure.set(id, (exposure.get(id) ?? 0) + v(slot));
    }
  }
  const groupExposure = new Map<number, number>();
  for (const [id, e] of exposure)
    for (const [g, w] of attributeShares(items, attribute, id))
      groupExposure.set(g, (groupExposure.get(g) ?? 0) + e * w);
  const exp = normalise(groupExposure, count);
  if (!exp) return reduce === 'mean-abs' ? 1 : 2;

  const share = (ids: Iterable<number>) => {
    const mass = new Map<number, number>();
    for (const id of ids)
      for (const [g, w] of attributeShares(items, attribute, id)) mass.set(g, (mass.get(g) ?? 0) + w);
    return normalise(mass, count);
  };
  const catalog = () => share(Array.from({ length: items.numItems }, (_, i) => i))!;
  const s =
    reference === 'uniform'
      ? Array.from({ length: count }, () => 1 / count)
      : reference === 'history'
        ? (share(corpus.history.flat()) ?? catalog())
        : catalog();

  const gaps = exp.map((x, g) => x - s[g]!);
  return reduce === 'mean-abs'
    ? gaps.reduce((t, d) => t + Math.abs(d), 0) / count
    : Math.max(...gaps) - Math.min(...gaps);
}
