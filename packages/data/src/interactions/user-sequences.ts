import type { LoadReportBuilder } from '../dataset/load-report-builder.js';
import type { InteractionTable } from './interaction-table.js';

/** Per-user, time-ordered item sequences (indices into the table's items). */
export interface UserSequences {
  readonly users: string[];
  readonly sequences: Int32Array[];
  /** 1 for table items that occur in some sequence. */
  readonly itemKept: Uint8Array;
  /** 1 for table items removed by the k-core filter (they had interactions before it). */
  readonly itemRemovedByKCore: Uint8Array;
}

/**
 * Turns raw interactions into per-user sequences, in this order:
 * 1. `ratingThreshold`: interactions rated below it are dropped (`below-rating-threshold`);
 * 2. each user's interactions are ordered by timestamp, ties by file order;
 * 3. a repeated (user, item) keeps its earliest interaction (`duplicate-interaction`);
 * 4. iterative k-core: users and items with fewer than `kCore` interactions are removed until none
 *    is left (`k-core-removed-interactions`, `-users`, `-items`).
 * Users keep their first-seen order; users left with no interaction are absent.
 */
export function buildUserSequences(
  table: InteractionTable,
  options: { ratingThreshold?: number; kCore: number },
  report: LoadReportBuilder,
): UserSequences {
  const n = table.size;
  const alive = new Uint8Array(n).fill(1);
  if (options.ratingThreshold !== undefined) {
    for (let k = 0; k < n; k++) {
      if (!(table.ratings[k]! >= options.ratingThreshold)) {
        alive[k] = 0;
        report.count('below-rating-threshold');
      }
    }
  }
  const numUsers = table.userIds.length;
  const numItems = table.itemIds.length;
  // group by user (counting sort), then order each user's interactions by time, then file order
  const start = new Int32Array(numUsers + 1);
  for (let k = 0; k < n; k++) start[table.users[k]! + 1]!++;
  for (let u = 0; u < numUsers; u++) start[u + 1]! += start[u]!;
  const fill = start.slice(0, numUsers);
  const byUser = new Int32Array(n);
  for (let k = 0; k < n; k++) byUser[fill[table.users[k]!]!++] = k;
  const ts = table.timestamps;
  for (let u = 0; u < numUsers; u++) {
    const part = Array.from(byUser.subarray(start[u]!, start[u + 1]!)).sort((a, b) => ts[a]! - ts[b]! || a - b);
    byUser.set(part, start[u]!);
    const seen = new Set<number>();
    for (const k of part) {
      if (!alive[k]) continue;
      if (seen.has(table.items[k]!)) {
        alive[k] = 0;
        report.count('duplicate-interaction');
      } else seen.add(table.items[k]!);
    }
  }
  // iterative k-core
  const userDeg = new Int32Array(numUsers);
  const itemDeg = new Int32Array(numItems);
  for (let k = 0; k < n; k++) {
    if (alive[k]) {
      userDeg[table.users[k]!]!++;
      itemDeg[table.items[k]!]!++;
    }
  }
  const itemHad = itemDeg.map((d) => (d > 0 ? 1 : 0));
  const userHad = userDeg.map((d) => (d > 0 ? 1 : 0));
  if (options.kCore > 1) {
    for (let changed = true; changed;) {
      changed = false;
      for (let k = 0; k < n; k++) {
        if (!alive[k]) continue;
        const u = table.users[k]!;
        const i = table.items[k]!;
        if (userDeg[u]! < options.kCore || itemDeg[i]! < options.kCore) {
          alive[k] = 0;
          userDeg[u]!--;
          itemDeg[i]!--;
          report.count('k-core-removed-interactions');
          changed = true;
        }
      }
    }
  }
  const itemKept = new Uint8Array(numItems);
  const itemRemovedByKCore = new Uint8Array(numItems);
  for (let i = 0; i < numItems; i++) {
    if (itemDeg[i]! > 0) itemKept[i] = 1;
    else if (itemHad[i]) {
      itemRemovedByKCore[i] = 1;
      report.count('k-core-removed-items');
    }
  }
  const users: string[] = [];
  const sequences: Int32Array[] = [];
  for (let u = 0; u < numUsers; u++) {
    if (userDeg[u] === 0) {
      if (userHad[u]) report.count('k-core-removed-users');
      continue;
    }
    const seq: number[] = [];
    for (let p = start[u]!; p < start[u + 1]!; p++) if (alive[byUser[p]!]) seq.push(table.items[byUser[p]!]!);
    users.push(table.userIds[u]!);
    sequences.push(Int32Array.from(seq));
  }
  return { users, sequences, itemKept, itemRemovedByKCore };
}
