import { csrFromArrays } from '@bladerec/core';
import { InMemoryCatalog } from './in-memory-catalog.js';

/** One item as loaders see it. */
export interface CatalogItemInput {
  readonly id: string;
  readonly title?: string;
  readonly categories?: readonly string[];
  readonly group?: string;
  readonly popularity?: number;
  readonly embedding?: ArrayLike<number>;
}

/**
 * Incrementally builds an {@link InMemoryCatalog}: interns category and group names in first-seen
 * order, checks embedding dimensions, refuses duplicate ids.
 */
export class CatalogBuilder {
  private readonly ids: string[] = [];
  private readonly titles: string[] = [];
  private readonly cats: number[][] = [];
  private readonly groupOf: number[] = [];
  private readonly pop: number[] = [];
  private readonly embeddings: (ArrayLike<number> | undefined)[] = [];
  private readonly categoryIndex = new Map<string, number>();
  private readonly groupIndex = new Map<string, number>();
  private readonly byId = new Map<string, number>();
  private dim: number | undefined;

  /** Category names known up front (keeps their order, e.g. a genre dictionary). */
  constructor(options: { categoryNames?: readonly string[]; groupNames?: readonly string[] } = {}) {
    for (const name of options.categoryNames ?? []) this.category(name);
    for (const name of options.groupNames ?? []) this.group(name);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Index of an id already added, or −1. */
  indexOf(id: string): number {
    return this.byId.get(id) ?? -1;
  }

  /**
   * Adds an item and returns its index.
   * @throws RangeError on a duplicate id or an embedding of the wrong dimension (callers turn these
   *   into located `BladeUserError`s).
   */
  add(item: CatalogItemInput): number {
    if (this.byId.has(item.id)) throw new RangeError(`duplicate item id ${JSON.stringify(item.id)}`);
    if (item.embedding !== undefined) {
      if (this.dim === undefined) this.dim = item.embedding.length;
      if (item.embedding.length !== this.dim || this.dim === 0)
        throw new RangeError(
          `embedding of ${JSON.stringify(item.id)} has ${item.embedding.length} dimensions, expected ${this.dim}`,
        );
      for (let i = 0; i < item.embedding.length; i++) {
        if (!Number.isFinite(item.embedding[i]))
          throw new RangeError(`embedding of ${JSON.stringify(item.id)} has a non-finite value at ${i}`);
      }
    }
    const index = this.ids.length;
    this.byId.set(item.id, index);
    this.ids.push(item.id);
    this.titles.push(item.title ?? '');
    this.cats.push([...new Set((item.categories ?? []).map((c) => this.category(c)))]);
    this.groupOf.push(item.group === undefined ? -1 : this.group(item.group));
    this.pop.push(item.popularity ?? 0);
    this.embeddings.push(item.embedding);
    return index;
  }

  /** Index of a category name, interned on first use. */
  category(name: string): number {
    let i = this.categoryIndex.get(name);
    if (i === undefined) {
      i = this.categoryIndex.size;
      this.categoryIndex.set(name, i);
    }
    return i;
  }

  /** Index of a group name, interned on first use. */
  group(name: string): number {
    let i = this.groupIndex.get(name);
    if (i === undefined) {
      i = this.groupIndex.size;
      this.groupIndex.set(name, i);
    }
    return i;
  }

  /** Adds `count` to an item's popularity. */
  addPopularity(index: number, count = 1): void {
    this.pop[index]! += count;
  }

  build(embeddingSource = 'provided'): InMemoryCatalog {
    const withEmbedding = this.embeddings.filter((e) => e !== undefined).length;
    if (withEmbedding > 0 && withEmbedding < this.ids.length) {
      throw new RangeError(
        `${withEmbedding} of ${this.ids.length} items have an embedding: give every item one or none`,
      );
    }
    let embeddings: { dim: number; data: Float32Array; source: string } | undefined;
    if (withEmbedding > 0) {
      const dim = this.dim!;
      const data = new Float32Array(this.ids.length * dim);
      this.embeddings.forEach((e, i) => data.set(Array.from(e!), i * dim));
      embeddings = { dim, data, source: embeddingSource };
    }
    const anyGroup = this.groupOf.some((g) => g >= 0);
    return new InMemoryCatalog({
      ids: this.ids,
      titles: this.titles,
      categories: { names: [...this.categoryIndex.keys()], ofItem: csrFromArrays(this.cats) },
      popularity: Float64Array.from(this.pop),
      groups: anyGroup ? { names: [...this.groupIndex.keys()], of: Int32Array.from(this.groupOf) } : undefined,
      embeddings,
    });
  }
}
