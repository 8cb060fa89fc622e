import { PAD_ITEM } from '@bladerec/core';
import { attributeShares } from '../../common/attribute-shares.js';
import type { ReferenceCorpusLike } from '../reference-corpus.js';
import type { GroupExposureOptions } from './group-exposure-options.js';

/**
 * Readable per-group exposure (Singh & Joachims' exposure, as `exposure-disparity` defines it):
 *
 *   E_i = Σ_u Σ_{p ≤ K} 1{L_u[p] = i, first occurrence} · v(p)
 *   Exp(g) = Σ_i E_i · w(i, g) / Σ_i E_i · [i has the attribute]
 *
 * @returns Exp(g) for g = 0 … count − 1, or `undefined` when no exposure is attributed to any value.
 */
export function groupExposureSharesReference(
  corpus: ReferenceCorpusLike,
  options: Omit<GroupExposureOptions, 'group'>,
): number[] | undefined {
  const { items } = corpus;
  const { attribute, k, weighting } = options;
  const count = attribute === 'category' ? items.categories!.count : items.groups!.count;
  const v = (slot: number) => (weighting === 'position' ? 1 / Math.log2(slot + 2) : 1);
  const mass = new Array<number>(count).fill(0);
  for (const list of corpus.lists) {
    const seen = new Set<number>();
    for (let slot = 0; slot < list.length && slot < k && list[slot] !== PAD_ITEM; slot++) {
      const id = list[slot]!;
      if (id < 0 || seen.has(id)) continue;
      seen.add(id);
      for (const [g, w] of attributeShares(items, attribute, id)) mass[g]! += v(slot) * w;
    }
  }
  const total = mass.reduce((a, b) => a + b, 0);
  return total === 0 ? undefined : mass.map((m) => m / total);
}

/** Readable `group-exposure`: Exp(group), 0 when nothing is attributed. */
export function groupExposureReference(corpus: ReferenceCorpusLike, options: GroupExposureOptions): number {
  return groupExposureSharesReference(corpus, options)?.[options.group] ?? 0;
}
