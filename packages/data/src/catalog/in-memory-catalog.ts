import { type Catalog, type Csr, csrFromArrays, type ItemSide } from '@bladerec/core';

/** Everything needed to build an {@link InMemoryCatalog}; parallel arrays indexed by item. */
export interface CatalogParts {
  readonly ids: readonly string[];
  readonly titles?: readonly string[];
  /** Category names, and each item's category indices. */
  readonly categories?: { readonly names: readonly string[]; readonly ofItem: Csr };
  readonly popularity?: Float64Array;
  readonly groups?: { readonly names: readonly string[]; readonly of: Int32Array };
  readonly embeddings?: { readonly dim: number; readonly data: Float32Array; readonly source: string };
}

/**
 * The default {@link Catalog}: parallel arrays plus hash maps from ids and titles to indices.
 * When two items share a title, {@link indexOfTitle} returns the first.
 */
export class InMemoryCatalog implements Catalog {
  readonly size: number;
  readonly ids: readonly string[];
  readonly titles: readonly string[];
  readonly categories: { readonly names: readonly string[]; readonly ofItem: Csr };
  readonly popularity: Float64Array;
  readonly groups?: { readonly names: readonly string[]; readonly of: Int32Array };
  readonly embeddings?: { readonly dim: number; readonly data: Float32Array; readonly source: string };
  private readonly byId = new Map<string, number>();
  private readonly byTitle = new Map<string, number>();
  private side?: ItemSide;

  constructor(parts: CatalogParts) {
    this.size = parts.ids.length;
    this.ids = parts.ids;
    this.titles = parts.titles ?? parts.ids.map(() => '');
    this.categories = parts.categories ?? { names: [], ofItem: csrFromArrays(parts.ids.map(() => [])) };
    this.popularity = parts.popularity ?? new Float64Array(this.size);
    this.groups = parts.groups;
    this.embeddings = parts.embeddings;
    if (this.titles.length !== this.size)
      throw new RangeError(`catalog: ${this.titles.length} titles for ${this.size} items`);
    if (this.categories.ofItem.offsets.length !== this.size + 1)
      throw new RangeError('catalog: category rows do not match items');
    if (this.popularity.length !== this.size) throw new RangeError('catalog: popularity length does not match items');
    if (this.groups && this.groups.of.length !== this.size)
      throw new RangeError('catalog: group array does not match items');
    if (this.embeddings && this.embeddings.data.length !== this.size * this.embeddings.dim)
      throw new RangeError('catalog: embedding matrix does not match items');
    this.ids.forEach((id, i) => {
      if (this.byId.has(id)) throw new RangeError(`catalog: duplicate item id ${JSON.stringify(id)}`);
      this.byId.set(id, i);
    });
    this.titles.forEach((title, i) => {
      if (title !== '' && !this.byTitle.has(title)) this.byTitle.set(title, i);
    });
  }

  indexOf(id: string): number {
    return this.byId.get(id) ?? -1;
  }

  indexOfTitle(title: string): number {
    return this.byTitle.get(title) ?? -1;
  }

  /** Side information for rewards; fields are present only when the catalog has them. */
  itemSide(): ItemSide {
    if (!this.side) {
      const hasCategories = this.categories.names.length > 0 && this.categories.ofItem.values.length > 0;
      this.side = {
        numItems: this.size,
        categories: hasCategories
          ? { ...this.categories.ofItem, count: this.categories.names.length, names: this.categories.names }
          : undefined,
        groups: this.groups
          ? { of: this.groups.of, count: this.groups.names.length, names: this.groups.names }
          : undefined,
        embeddings: this.embeddings ? { dim: this.embeddings.dim, data: this.embeddings.data } : undefined,
        popularity: this.popularity.some((p) => p > 0) ? this.popularity : undefined,
      };
    }
    return this.side;
  }

  /** A copy of this catalog with embeddings attached (or replaced). */
  withEmbeddings(embeddings: { dim: number; data: Float32Array; source: string }): InMemoryCatalog {
    return new InMemoryCatalog({ ...this.parts(), embeddings });
  }

  /** A copy with popularity counts replaced. */
  withPopularity(popularity: Float64Array): InMemoryCatalog {
    return new InMemoryCatalog({ ...this.parts(), popularity });
  }

  /** A copy with groups replaced. */
  withGroups(groups: { names: readonly string[]; of: Int32Array }): InMemoryCatalog {
    return new InMemoryCatalog({ ...this.parts(), groups });
  }

  /** The parts this catalog was built from. */
  parts(): CatalogParts {
    return {
      ids: this.ids,
      titles: this.titles,
      categories: this.categories,
      popularity: this.popularity,
      groups: this.groups,
      embeddings: this.embeddings,
    };
  }
}
