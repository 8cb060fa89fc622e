/**
 * Interactions in columnar form (user, item, timestamp, rating, source line), with user and item
 * ids interned to dense indices in first-seen order. Items may be declared up front (e.g. from an
 * item file) to fix their order.
 */
export class InteractionTable {
  readonly userIds: string[] = [];
  readonly itemIds: string[] = [];
  readonly users: number[] = [];
  readonly items: number[] = [];
  readonly timestamps: number[] = [];
  /** NaN where the interaction has no rating. */
  readonly ratings: number[] = [];
  private readonly userIndex = new Map<string, number>();
  private readonly itemIndex = new Map<string, number>();

  get size(): number {
    return this.users.length;
  }

  /** Index of an item id, interned on first use. */
  item(id: string): number {
    let i = this.itemIndex.get(id);
    if (i === undefined) {
      i = this.itemIds.length;
      this.itemIndex.set(id, i);
      this.itemIds.push(id);
    }
    return i;
  }

  /** Index of a known item id, or −1. */
  knownItem(id: string): number {
    return this.itemIndex.get(id) ?? -1;
  }

  /** Appends one interaction. */
  add(user: string, item: number, timestamp: number, rating = NaN): void {
    let u = this.userIndex.get(user);
    if (u === undefined) {
      u = this.userIds.length;
      this.userIndex.set(user, u);
      this.userIds.push(user);
    }
    this.users.push(u);
    this.items.push(item);
    this.timestamps.push(timestamp);
    this.ratings.push(rating);
  }
}
