import { BladeUserError } from '@bladerec/core';
import { groupRuns } from '../aggregate/group-runs.js';
import { type PairedDifference, pairedDifference, type SeedScores } from '../aggregate/paired-difference.js';
import type { RunEntry } from '../aggregate/run-entry.js';
import { type Summary, summarise } from '../aggregate/summary-stats.js';
import { loadRuns } from '../runs/load-runs.js';

/** One side of a comparison: an arm's finished runs with per-user test scores. */
export interface CompareSide {
  readonly path: string;
  readonly label: string;
  readonly seeds: readonly (number | null)[];
}

/** `blade compare`'s result: per metric both sides' test means over seeds and the paired difference a − b. */
export interface RunComparison {
  readonly a: CompareSide;
  readonly b: CompareSide;
  /** Seeds both sides have (the pairs). */
  readonly paired: number;
  readonly users: number;
  readonly metrics: Readonly<
    Record<string, { readonly a: Summary; readonly b: Summary; readonly difference: PairedDifference }>
  >;
}

/** The finished runs of one arm under `path`, with per-user scores; a one-line error otherwise. */
function side(path: string): { entries: RunEntry[]; label: string } {
  const { entries, problems } = loadRuns([path]);
  if (entries.length === 0) throw new BladeUserError(problems[0] ?? `${path}: no run folder in it`);
  const groups = groupRuns(entries);
  if (groups.length > 1) {
    throw new BladeUserError(
      `${path} holds runs of ${groups.length} arms or coefficients ` +
        `(${groups.map((g) => g.label).join(', ')}): give the folder of one`,
    );
  }
  const finished = entries.filter((e) => e.folder.status === 'finished' && e.result.test?.users);
  if (finished.length === 0) {
    throw new BladeUserError(
      `${path}: no finished run with per-user test scores (test-scores.json; SFT runs keep none)`,
    );
  }
  return { entries: finished, label: groups[0]!.label };
}

/**
 * Compares two arms (each a run folder or a folder of its seeds) on the test users: per metric the
 * seed-level paired t and sign tests and the user-level paired bootstrap ({@link pairedDifference}),
 * pairing runs by seed (a single run on each side pairs with the other whatever its seed).
 */
export function compareRuns(
  pathA: string,
  pathB: string,
  options: { metrics?: readonly string[] } = {},
): RunComparison {
  const a = side(pathA);
  const b = side(pathB);
  const single = a.entries.length === 1 && b.entries.length === 1;
  const pairs = single
    ? [[a.entries[0]!, b.entries[0]!] as const]
    : a.entries.flatMap((ea) => {
        const eb = b.entries.find((x) => x.id.seed === ea.id.seed);
        return eb ? [[ea, eb] as const] : [];
      });
  if (pairs.length === 0) throw new BladeUserError(`${pathA} and ${pathB} have no seed in common to pair`);
  const available = Object.keys(pairs[0]![0].result.test!.users!).filter((m) =>
    pairs.every(([x, y]) => x.result.test!.users![m] && y.result.test!.users![m]),
  );
  const metrics = options.metrics ?? available;
  for (const m of metrics) {
    if (!available.includes(m))
      throw new BladeUserError(
        `--metric ${m}: not in both runs' per-user test scores (have ${available.join(', ') || 'none'})`,
      );
  }
  const users = pairs[0]![0].result.test!.users![metrics[0] ?? available[0]!]?.length ?? 0;
  const out: Record<string, RunComparison['metrics'][string]> = {};
  for (const m of metrics) {
    const rows = (e: RunEntry): SeedScores => ({
      test: e.result.test!.means[m] ?? Number.NaN,
      users: e.result.test!.users![m]!,
    });
    const left = pairs.map(([x]) => rows(x));
    const right = pairs.map(([, y]) => rows(y));
    for (const [i, l] of left.entries()) {
      if (l.users.length !== right[i]!.users.length) {
        throw new BladeUserError(
          `${m}: the runs scored ${l.users.length} and ${right[i]!.users.length} test users: not the same test split`,
        );
      }
    }
    out[m] = {
      a: summarise(left.map((r) => r.test)),
      b: summarise(right.map((r) => r.test)),
      difference: pairedDifference(left, right),
    };
  }
  const seeds = (es: readonly (readonly [RunEntry, RunEntry])[], i: 0 | 1) => es.map((p) => p[i].id.seed ?? null);
  return {
    a: { path: pathA, label: a.label, seeds: seeds(pairs, 0) },
    b: { path: pathB, label: b.label, seeds: seeds(pairs, 1) },
    paired: pairs.length,
    users,
    metrics: out,
  };
}
