import { type ItemSide, PAD_ITEM } from '@bladerec/core';
import type { CalibrationOptions } from './calibration-options.js';

/**
 * Readable miscalibration C_KL (Steck, "Calibrated Recommendations", RecSys 2018), written from the
 * paper, independently of the exposure-gap code (property-tested against the kernel):
 *
 *   p(g|u) = Σ_{i ∈ H_u} w(i,g) / Σ_{i ∈ H_u} Σ_g w(i,g)          (the history's genre distribution)
 *   q(g|L) = Σ_{r ≤ K} w_r w(i_r,g) / Σ_{r ≤ K} w_r Σ_g w(i_r,g)    (the list's; each item at its first slot)
 *   C_KL = Σ_g p(g|u) ln(p(g|u) / q̃(g|L)),  q̃ = (1 − a)·q + a·p
 *
 * with w(i, g) = 1/|C_i| per category of i (1 for its group), w_r = 1 (`uniform`) or 1/log2(1+r).
 * A list with no genre mass scores ln(1/a), the range maximum; a history without genre mass is
 * replaced by the catalog's distribution (every item once).
 */
export function calibrationReference(
  list: readonly number[],
  history: readonly number[],
  items: ItemSide,
  options: CalibrationOptions,
): number {
  const { attribute, k, alpha, weighting } = options;
  const count = attribute === 'category' ? items.categories!.count : items.groups!.count;
  const genres = (id: number): number[] => {
    if (id < 0 || id >= items.numItems) return [];
    if (attribute === 'group') return items.groups!.of[id]! >= 0 ? [items.groups!.of[id]!] : [];
    const { offsets, values } = items.categories!;
    return Array.from(values.subarray(offsets[id]!, offsets[id + 1]!));
  };
  const distribution = (entries: Array<[number, number]>): number[] | undefined => {
    const mass = new Array<number>(count).fill(0);
    let total = 0;
    for (const [id, weight] of entries) {
      const gs = genres(id);
      for (const g of gs) mass[g]! += weight / gs.length;
      if (gs.length > 0) total += weight;
    }
    return total > 0 ? mass.map((m) => m / total) : undefined;
  };
  const end = list.indexOf(PAD_ITEM) === -1 ? list.length : list.indexOf(PAD_ITEM);
  const seen = new Set<number>();
  const slots: Array<[number, number]> = [];
  list.slice(0, Math.min(end, k)).forEach((id, r) => {
    if (seen.has(id)) return;
    seen.add(id);
    slots.push([id, weighting === 'uniform' ? 1 : 1 / Math.log2(r + 2)]);
  });
  const q = distribution(slots);
  if (!q) return Math.log(1 / alpha);
  const catalog = Array.from({ length: items.numItems }, (_, id): [number, number] => [id, 1]);
  const p = distribution(history.map((id) => [id, 1])) ?? distribution(catalog)!;
  let kl = 0;
  for (let g = 0; g < count; g++) if (p[g]! > 0) kl += p[g]! * Math.log(p[g]! / ((1 - alpha) * q[g]! + alpha * p[g]!));
  return kl;
}
