/** A log record with stable keys (TRL style: `train/loss`, `eval/ndcg@10`, `blade/saturation` …). */
export type LogRecord = Readonly<Record<string, number | string | boolean>>;

/** What a trainer announces when it starts. */
export interface TrainBeginInfo {
  readonly algorithm: string;
  readonly totalSteps: number;
  /** First step of this run (> 0 when resuming). */
  readonly startStep: number;
  readonly backend: string;
}

/**
 * Hooks a trainer calls; progress bars, JSONL metric files and loggers are callbacks, the trainer
 * itself never prints (TRL's `TrainerCallback`).
 */
export interface TrainerCallback {
  onTrainBegin?(info: TrainBeginInfo): void | Promise<void>;
  onStepEnd?(step: number, totalSteps: number): void | Promise<void>;
  onLog?(record: LogRecord): void | Promise<void>;
  onCheckpoint?(path: string, step: number): void | Promise<void>;
  onTrainEnd?(summary: LogRecord): void | Promise<void>;
}

/** Calls every callback's hook in order. */
export async function notify<K extends keyof TrainerCallback>(
  callbacks: readonly TrainerCallback[],
  hook: K,
  ...args: Parameters<NonNullable<TrainerCallback[K]>>
): Promise<void> {
  for (const cb of callbacks) {
    const fn = cb[hook] as ((...a: unknown[]) => void | Promise<void>) | undefined;
    if (fn) await fn.apply(cb, args);
  }
}
