/**
 * Groups the rows of a decoding batch whose next draw would compute the same logits: rows of the same
 * context whose lists so far are the same sequence (so the same bans and count-prior entries) and whose
 * queries are the same bits. Every row of a context is in one group at the first slot; groups split as
 * their rows choose different items. The fused draw computes each group's logits once and draws each
 * member with its own uniform — bit for bit what drawing every row on its own gives, since a row's
 * logits depend only on its query and its entries.
 */
export class IdenticalRows {
  /** Group id of each row: equal ids ⇔ same context and the same items chosen so far, in order. */
  private classes: Int32Array;

  /**
   * @param rows `rows[r]` = the context of row r.
   * @param numItems the catalog size (item ids are below it).
   */
  constructor(
    rows: ArrayLike<number>,
    private readonly numItems: number,
  ) {
    this.classes = Int32Array.from(rows);
  }

  /**
   * The groups for queries `q` `[R, d]`: `first[u]` the first row of group u (in row order, groups ordered
   * by their first row), `draws` CSR offsets `[U + 1]` over `members` (each group's rows in row order).
   * A row whose query differs in any bit from its group's first row starts a group of its own.
   */
  group(q: Float32Array, d: number): { first: Int32Array; draws: Int32Array; members: Int32Array } {
    const R = this.classes.length;
    const bits = new Uint32Array(q.buffer, q.byteOffset, q.length);
    const firstOf = new Map<number, number>();
    const groupOf = new Int32Array(R);
    const first: number[] = [];
    for (let r = 0; r < R; r++) {
      const cls = this.classes[r]!;
      let rep = firstOf.get(cls);
      if (rep !== undefined && !sameRow(bits, rep, r, d)) {
        // the same list so far but another query (not expected): a class of its own
        this.classes[r] = -1 - r;
        rep = undefined;
      }
      if (rep === undefined) {
        firstOf.set(this.classes[r]!, r);
        groupOf[r] = first.length;
        first.push(r);
      } else {
        groupOf[r] = groupOf[rep]!;
      }
    }
    const U = first.length;
    const draws = new Int32Array(U + 1);
    for (let r = 0; r < R; r++) draws[groupOf[r]! + 1]!++;
    for (let u = 0; u < U; u++) draws[u + 1]! += draws[u]!;
    const fill = draws.slice(0, U);
    const members = new Int32Array(R);
    for (let r = 0; r < R; r++) members[fill[groupOf[r]!]!++] = r;
    return { first: Int32Array.from(first), draws, members };
  }

  /** Records each row's chosen item: rows of a group that chose different items part ways. */
  advance(chosen: ArrayLike<number>): void {
    const ids = new Map<number, number>();
    const R = this.classes.length;
    const next = new Int32Array(R);
    for (let r = 0; r < R; r++) {
      // (class, item) as one number: classes lie in [−R, max(R, contexts)), items in [0, numItems)
      const key = (this.classes[r]! + R) * this.numItems + chosen[r]!;
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      next[r] = id;
    }
    this.classes = next;
  }
}

function sameRow(bits: Uint32Array, a: number, b: number, d: number): boolean {
  for (let k = 0; k < d; k++) if (bits[a * d + k] !== bits[b * d + k]) return false;
  return true;
}
