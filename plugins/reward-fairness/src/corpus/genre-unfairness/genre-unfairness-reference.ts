import { PAD_ITEM } from '@bladerec/core';
import type { ReferenceCorpusLike } from '../reference-corpus.js';
import { addShares, normalise } from '../../common/attribute-shares.js';
import type { GenreUnfairnessOptions } from './genre-unfairness-options.js';

/**
 * Readable MGU and DGU, written the way SPRec's `eval/evaluate.py` computes them:
 *
 *   gh_g = Σ_{u} Σ_{i ∈ H_u} w(i, g) / Σ_{same} Σ_g w(i, g)        (every history entry)
 *   gp_g = Σ_{u} Σ_{i ∈ L_u^K} w(i, g) / Σ_{same} Σ_g w(i, g)      (each list item once)
 *   d_g = gp_g − gh_g,  MGU = (1/|G|) Σ_g |d_g|,  DGU = max_g d_g − min_g d_g
 *
 * over every category (or group) g of the catalog; w(i, g) = 1/|G(i)| per genre of i (1 for a group).
 * With `recommended: 'users-with-relevant'` gp pools only the lists of users with a relevant catalog
 * item (SPRec's valid targets); gh still pools every history.
 * No recommended attribute mass → MGU 1, DGU 2 (the range maxima); no history mass → gh is the
 * catalog distribution.
 */
export function genreUnfairnessReference(
  corpus: ReferenceCorpusLike,
  options: GenreUnfairnessOptions,
): { mgu: number; dgu: number } {
  const { items } = corpus;
  const { attribute, k } = options;
  const count = attribute === 'category' ? items.categories!.count : items.groups!.count;

  const recommended = new Map<number, number>();
  const counted = (u: number) =>
    options.recommended !== 'users-with-relevant' ||
    [...corpus.relevant![u]!].some(([id, grade]) => grade > 0 && id >= 0 && id < items.numItems);
  for (const [u, list] of corpus.lists.entries()) {
    if (!counted(u)) continue;
    const top = list.slice(0, k);
    const end = top.indexOf(PAD_ITEM);
    const distinct = new Set((end >= 0 ? top.slice(0, end) : top).filter((id) => id >= 0));
    for (const id of distinct) addShares(recommended, items, attribute, id, 1);
  }
  const gp = normalise(recommended, count);
  if (!gp) return { mgu: 1, dgu: 2 };

  const historyMass = new Map<number, number>();
  for (const h of corpus.history) for (const id of h) addShares(historyMass, items, attribute, id, 1);
  const catalogMass = new Map<number, number>();
  for (let id = 0; id < items.numItems; id++) addShares(catalogMass, items, attribute, id, 1);
  const gh = normalise(historyMass, count) ?? normalise(catalogMass, count)!;

  const d = gp.map((x, g) => x - gh[g]!);
  return { mgu: d.reduce((s, x) => s + Math.abs(x), 0) / count, dgu: Math.max(...d) - Math.min(...d) };
}
