import type { MetricsRecord, RunFolder } from './run-folder.js';
import type { RunIdentity } from './run-identity.js';
import { realisedKl } from '@bladerec/trainer/statistics';

/** Test means and per-user test scores of one policy. */
export interface PolicyScores {
  readonly means: Readonly<Record<string, number>>;
  /** metric → one score per test user; absent when the run kept none (SFT runs). */
  readonly users: Readonly<Record<string, readonly number[]>> | undefined;
  /** Each item group's share of the policy's test exposure (`summary.json` `exposure`); absent in older runs. */
  readonly exposure?: GroupExposureShares;
}

/** The `group-exposure@K` metric of a run and its value per item group (group name → share). */
export interface GroupExposureShares {
  readonly metric: string;
  readonly shares: Readonly<Record<string, number>>;
}

/** The numbers of one run the report shows (the study's `runResult`, for any run folder). */
export interface RunResult {
  /** The kept step (`bestStep`, else the last step; for a running run the last `eval/best_step`). */
  readonly bestStep: number | undefined;
  /** Realised KL at the kept step ({@link realisedKl}); NaN when unknown, 0 when the SFT weights were kept. */
  readonly kl: number;
  /** Validation (`eval/sampled/<metric>`, or `eval/<metric>` for SFT) at the kept step, per metric. */
  readonly validation: Readonly<Record<string, number>>;
  /** The run's own policy on the test split (sampled lists for alignment and Best-of-n; SFT's greedy/beam). */
  readonly test: PolicyScores | undefined;
  /** The SFT reference on the same test users, as the alignment run evaluated it. */
  readonly reference: PolicyScores | undefined;
}

/** The last value of `key` logged at `step` (undefined when never). */
export function valueAtStep(records: readonly MetricsRecord[], step: number, key: string): number | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    if (r.step === step && key in r) return r[key];
  }
  return undefined;
}

/** Realised KL at the kept step: the trainer's definition (one implementation for the study, the demo and reports). */
export { realisedKl };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;

/** A `{ metric, shares }` record of `summary.json`, or undefined when absent or malformed. */
function groupExposure(value: unknown): GroupExposureShares | undefined {
  const e = obj(value);
  const shares = obj(e?.['shares']);
  if (typeof e?.['metric'] !== 'string' || !shares) return undefined;
  if (!Object.values(shares).every((x) => typeof x === 'number')) return undefined;
  return { metric: e['metric'], shares: shares as Record<string, number> };
}

function policyScores(means: unknown, users: unknown, exposure?: unknown): PolicyScores | undefined {
  const m = obj(means);
  if (!m) return undefined;
  const u = obj(users) as Record<string, readonly number[]> | undefined;
  const e = groupExposure(exposure);
  return { means: m as Record<string, number>, users: u, ...(e ? { exposure: e } : {}) };
}

/**
 * The kept step of a run: `summary.bestStep`, else `summary.steps`, else the last `eval/best_step`,
 * else the last step.
 */
export function keptStep(run: RunFolder): number | undefined {
  const s = run.summary;
  if (typeof s?.['bestStep'] === 'number') return s['bestStep'];
  if (typeof s?.['steps'] === 'number') return s['steps'];
  for (let i = run.records.length - 1; i >= 0; i--) {
    const best = run.records[i]!['eval/best_step'];
    if (best !== undefined) return best;
  }
  return run.records.at(-1)?.step;
}

/** What one run says, whatever its kind; a running run has validation and KL but no test numbers. */
export function runResult(run: RunFolder, id: RunIdentity, options: { klWindow?: number } = {}): RunResult {
  const bestStep = keptStep(run);
  const prefix = id.kind === 'sft' ? 'eval/' : 'eval/sampled/';
  const validation: Record<string, number> = {};
  if (bestStep !== undefined) {
    for (const r of run.records) {
      if (r.step !== bestStep) continue;
      for (const [k, v] of Object.entries(r)) {
        if (k.startsWith(prefix) && !k.slice(prefix.length).includes('/') && !k.startsWith('eval/best')) {
          validation[k.slice(prefix.length)] = v;
        }
      }
    }
  }
  let kl = 0;
  if (id.kind === 'align') {
    kl = bestStep === undefined ? Number.NaN : realisedKl(run.records, bestStep, options.klWindow);
  }
  const test = obj(run.summary?.['test']);
  const scores = run.scores;
  let own: PolicyScores | undefined;
  let reference: PolicyScores | undefined;
  if (test && id.kind === 'align') {
    const sampled = obj(test['sampled']);
    const means = obj(sampled?.['means']);
    const exposure = obj(sampled?.['exposure']);
    own = policyScores(means?.[id.algorithm], scores?.[id.algorithm]?.['sampled'], exposure?.[id.algorithm]);
    reference = policyScores(means?.['sft'], scores?.['sft']?.['sampled'], exposure?.['sft']);
  } else if (test && id.kind === 'bon') {
    const exposure = obj(test['exposure']);
    own = policyScores(obj(test['means'])?.[id.arm], scores?.[id.arm]?.['sampled'], exposure?.[id.arm]);
    reference = policyScores(
      obj(test['means'])?.['policy (sampled)'],
      scores?.['policy']?.['sampled'],
      exposure?.['policy (sampled)'],
    );
  } else if (test && id.kind === 'sft') {
    const means = obj(test['means']) ?? {};
    const name = Object.keys(means).find((k) => k.startsWith('policy')) ?? Object.keys(means)[0];
    own = name === undefined ? undefined : policyScores(means[name], undefined, obj(test['exposure'])?.[name]);
  }
  return { bestStep, kl, validation, test: own, reference };
}
