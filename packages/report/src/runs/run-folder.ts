/** One line of a run's `metrics.jsonl`: the step and the values logged at it. */
export type MetricsRecord = Readonly<Record<string, number>> & { readonly step: number };

/** Per-user test scores (`test-scores.json`): policy name → `sampled`/`greedy` → metric → one value per user. */
export type UserScores = Readonly<Record<string, Readonly<Record<string, MetricScores>>>>;

/** metric → one score per test user. */
export type MetricScores = Readonly<Record<string, readonly number[]>>;

/**
 * What a run folder holds, as `blade train …`, `blade demo` and experiments/study.mjs write it:
 * `config.json` (or `resolved-config.json`), `metrics.jsonl`, `summary.json` once finished,
 * `test-scores.json` (alignment and Best-of-N runs) and `timing.json` (the experiment harnesses).
 */
export interface RunFolder {
  /** The folder, as given or found. */
  readonly dir: string;
  /** `finished` when `summary.json` exists, else `running` (also a run that stopped and will resume). */
  readonly status: 'finished' | 'running';
  readonly config: Readonly<Record<string, unknown>> | undefined;
  readonly summary: Readonly<Record<string, unknown>> | undefined;
  readonly records: readonly MetricsRecord[];
  readonly scores: UserScores | undefined;
  readonly wallSeconds: number | undefined;
  /** The `blade …` command line from `command.txt`, when the harness kept it. */
  readonly command: string | undefined;
}
