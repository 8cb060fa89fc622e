import type { Catalog } from '@bladerec/core';
import { titleEmbeddings } from '@bladerec/data';

/** How each title of a generated list was matched to a catalog item. */
export interface GroundingCounts {
  /** Titles equal to a catalog title. */
  exact: number;
  /** Titles equal to a catalog title after {@link normalizeTitle}. */
  normalized: number;
  /** Titles matched to the nearest catalog title embedding (cosine ≥ the threshold). */
  embedding: number;
  /** Titles left unmatched (scored as unknown items: no gain, position kept). */
  ungrounded: number;
}

/** A fresh all-zero {@link GroundingCounts}. */
export const noGrounding = (): GroundingCounts => ({ exact: 0, normalized: 0, embedding: 0, ungrounded: 0 });

/** NFKC, lower case, every run of non-letters/non-digits as one space, trimmed. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Maps generated titles to catalog items the way LLM-recommendation papers ground them (e.g. BIGRec's
 * nearest-item step): an exact title match, else a match after {@link normalizeTitle}, else the
 * catalog title whose embedding is nearest (cosine) when it is at least `threshold`. Embeddings are
 * the deterministic character-3-gram title embeddings of `@bladerec/data` (`titleEmbeddings`), so
 * nothing is downloaded. Ties (the same title twice in the catalog) go to the lower index.
 */
export class TitleGrounder {
  private readonly normalized = new Map<string, number>();
  private readonly embeddings: Float32Array;
  private readonly dim = 64;

  constructor(
    private readonly catalog: Catalog,
    private readonly threshold: number,
  ) {
    catalog.titles.forEach((t, i) => {
      const key = normalizeTitle(t);
      if (key !== '' && !this.normalized.has(key)) this.normalized.set(key, i);
    });
    this.embeddings = titleEmbeddings(catalog.titles, { dim: this.dim, ids: catalog.ids });
  }

  /** The item index of each title (−1 when ungrounded), counting how each was matched into `counts`. */
  ground(titles: readonly string[], counts: GroundingCounts): number[] {
    return titles.map((title) => {
      const exact = this.catalog.indexOfTitle(title);
      if (exact >= 0) return (counts.exact++, exact);
      const norm = this.normalized.get(normalizeTitle(title));
      if (norm !== undefined) return (counts.normalized++, norm);
      const nearest = this.nearest(title);
      if (nearest >= 0) return (counts.embedding++, nearest);
      return (counts.ungrounded++, -1);
    });
  }

  /** The catalog item with the most similar title embedding, or −1 below the threshold. */
  private nearest(title: string): number {
    const q = titleEmbeddings([title], { dim: this.dim });
    const d = this.dim;
    let best = -1;
    let bestSim = this.threshold;
    for (let i = 0; i < this.catalog.size; i++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += q[k]! * this.embeddings[i * d + k]!;
      if (dot >= bestSim && (best < 0 || dot > bestSim)) {
        best = i;
        bestSim = dot;
      }
    }
    return best;
  }
}
