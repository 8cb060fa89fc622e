import { groupRuns, type RunGroup } from './group-runs.js';
import { type PairedDifference, pairedDifference, type SeedScores } from './paired-difference.js';
import type { RunEntry } from './run-entry.js';
import { mean, type Summary, summarise } from './summary-stats.js';

/** One coefficient of one arm on the KL frontier: means over the seeds. */
export interface FrontierPoint {
  readonly setting: string;
  /** The arm (`sft (reference)` for the SFT policy at KL 0). */
  readonly arm: string;
  readonly coef: number | string | undefined;
  readonly kl: number;
  readonly validation: number;
  readonly test: number;
  readonly seeds: number;
}

/** One row of the results table: a group's numbers over seeds and its paired differences. */
export interface ResultRow {
  readonly group: RunGroup;
  readonly finished: number;
  readonly running: number;
  readonly kl: Summary;
  readonly validation: Summary;
  /** metric → test mean ± sd over the finished seeds. */
  readonly test: Readonly<Record<string, Summary>>;
  /** baseline name → the paired difference of the selected metric (seeds both have). */
  readonly differences: Readonly<Record<string, PairedDifference>>;
  /** Per-group test exposure over the finished seeds that logged it (runs from before it have none). */
  readonly exposure: GroupExposureSummary | undefined;
}

/** A group's per-group exposure: the metric, and group name → share mean ± sd over seeds, in group order. */
export interface GroupExposureSummary {
  readonly metric: string;
  readonly shares: Readonly<Record<string, Summary>>;
  readonly seeds: number;
}

/**
 * Mean ± sd over runs of each group's exposure share (runs of one metric only: the first one logged,
 * so that two cutoffs never mix); undefined when no run logged it.
 */
export function exposureSummary(runs: readonly RunEntry[]): GroupExposureSummary | undefined {
  const logged = runs.map((r) => r.result.test?.exposure).filter((e) => e !== undefined);
  const metric = logged[0]?.metric;
  if (metric === undefined) return undefined;
  const same = logged.filter((e) => e.metric === metric);
  const groups: string[] = [];
  for (const e of same) for (const g of Object.keys(e.shares)) if (!groups.includes(g)) groups.push(g);
  const shares: Record<string, Summary> = {};
  for (const g of groups) shares[g] = summarise(same.map((e) => e.shares[g] ?? 0));
  return { metric, shares, seeds: same.length };
}

/** Everything the report draws, computed once from the runs. */
export interface ReportData {
  readonly metric: string;
  readonly groups: readonly RunGroup[];
  readonly frontier: readonly FrontierPoint[];
  readonly rows: readonly ResultRow[];
  /** Every test metric seen, in first-seen order. */
  readonly metrics: readonly string[];
}

/** The SFT reference of the alignment runs of one setting, as each run evaluated it (one per seed). */
function referenceSeeds(entries: readonly RunEntry[], setting: string): Map<number | undefined, RunEntry> {
  const out = new Map<number | undefined, RunEntry>();
  for (const e of entries)
    if (e.id.setting === setting && e.id.kind === 'align' && e.result.reference && !out.has(e.id.seed))
      out.set(e.id.seed, e);
  return out;
}

const seedScores = (e: RunEntry, metric: string, which: 'test' | 'reference'): SeedScores | undefined => {
  const p = e.result[which];
  const test = p?.means[metric];
  const users = p?.users?.[metric];
  return test === undefined || users === undefined ? undefined : { test, users };
};

/** Pairs two lists of runs by seed and compares `metric`; undefined when no seed has per-user scores on both sides. */
function compareBySeed(
  a: readonly RunEntry[],
  b: readonly RunEntry[],
  metric: string,
  which: ['test' | 'reference', 'test' | 'reference'],
): PairedDifference | undefined {
  const left: SeedScores[] = [];
  const right: SeedScores[] = [];
  for (const ea of a) {
    const eb = b.find((x) => x.id.seed === ea.id.seed);
    const sa = seedScores(ea, metric, which[0]);
    const sb = eb && seedScores(eb, metric, which[1]);
    if (sa && sb && sa.users.length === sb.users.length) {
      left.push(sa);
      right.push(sb);
    }
  }
  return left.length > 0 ? pairedDifference(left, right) : undefined;
}

/**
 * Aggregates the runs: groups (setting × arm × KL coefficient, seeds within), the KL frontier of
 * every alignment arm with the SFT reference at KL 0, and the results table with the differences of
 * `metric` (default ndcg@10, else the first metric of the alignment runs) against the SFT reference
 * (same runs, paired by seed) and against `baseline` (the arm of the
 * same setting at the same coefficient, or its only group).
 */
export function reportData(
  entries: readonly RunEntry[],
  options: { metric?: string; baseline?: string } = {},
): ReportData {
  const groups = groupRuns(entries);
  const metrics: string[] = [];
  for (const e of entries)
    for (const m of Object.keys(e.result.test?.means ?? {})) if (!metrics.includes(m)) metrics.push(m);
  // the default: ndcg@10 when the alignment and Best-of-n runs have it, else their first metric (SFT's own
  // metrics only when there is no other run)
  const aligned = entries.filter((e) => e.id.kind !== 'sft').flatMap((e) => Object.keys(e.result.test?.means ?? {}));
  const candidates = aligned.length > 0 ? aligned : metrics;
  const metric = options.metric ?? (candidates.includes('ndcg@10') ? 'ndcg@10' : (candidates[0] ?? 'ndcg@10'));
  const finished = (g: RunGroup) => g.runs.filter((r) => r.folder.status === 'finished');
  const frontier: FrontierPoint[] = [];
  for (const g of groups) {
    if (g.kind !== 'align') continue;
    const runs = g.runs;
    frontier.push({
      setting: g.setting,
      arm: g.arm,
      coef: g.coef,
      seeds: runs.length,
      kl: mean(runs.map((r) => r.result.kl)),
      validation: mean(runs.map((r) => r.result.validation[metric] ?? Number.NaN)),
      test: mean(runs.map((r) => r.result.test?.means[metric] ?? Number.NaN)),
    });
  }
  for (const setting of new Set(groups.filter((g) => g.kind === 'align').map((g) => g.setting))) {
    const refs = [...referenceSeeds(entries, setting).values()];
    const atZero = (e: RunEntry) =>
      e.folder.records.find((r) => r.step === 0)?.[`eval/sampled/${metric}`] ?? Number.NaN;
    const alignRuns = entries.filter((e) => e.id.setting === setting && e.id.kind === 'align');
    frontier.push({
      setting,
      arm: 'sft (reference)',
      coef: undefined,
      seeds: refs.length,
      kl: 0,
      validation: mean(alignRuns.map(atZero)),
      test: mean(refs.map((e) => e.result.reference!.means[metric] ?? Number.NaN)),
    });
  }
  const rows = groups.map((g): ResultRow => {
    const done = finished(g);
    const test: Record<string, Summary> = {};
    for (const m of metrics) {
      const values = done.map((r) => r.result.test?.means[m] ?? Number.NaN);
      if (values.some((v) => Number.isFinite(v))) test[m] = summarise(values);
    }
    const differences: Record<string, PairedDifference> = {};
    if (g.kind !== 'sft') {
      const vsReference = compareBySeed(done, done, metric, ['test', 'reference']);
      if (vsReference) differences[g.kind === 'bon' ? 'policy (sampled)' : 'sft'] = vsReference;
    }
    if (options.baseline !== undefined && g.arm !== options.baseline) {
      const candidates = groups.filter((b) => b.setting === g.setting && b.arm === options.baseline);
      const base = candidates.length === 1 ? candidates[0] : candidates.find((b) => b.coef === g.coef);
      const vsBase = base && compareBySeed(done, finished(base), metric, ['test', 'test']);
      if (vsBase) differences[options.baseline] = vsBase;
    }
    return {
      group: g,
      finished: done.length,
      running: g.runs.length - done.length,
      kl: summarise(g.kind === 'align' ? g.runs.map((r) => r.result.kl) : []),
      validation: summarise(g.runs.map((r) => r.result.validation[metric] ?? Number.NaN)),
      test,
      differences,
      exposure: exposureSummary(done),
    };
  });
  return { metric, groups, frontier, rows, metrics };
}
