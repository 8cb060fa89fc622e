import { SingleBar } from 'cli-progress';
import type { LogRecord, TrainBeginInfo, TrainerCallback } from './trainer-callback.js';

/**
 * A progress bar on an interactive terminal (stderr), showing step, ETA and the latest loss and
 * validation metric. The CLI attaches it only when stderr is a TTY and neither `--json` nor `CI`
 * is set.
 */
export class ProgressCallback implements TrainerCallback {
  private bar?: SingleBar;
  private readonly shown: Record<string, string> = { loss: '-', eval: '' };

  constructor(private readonly stream: NodeJS.WritableStream = process.stderr) {}

  onTrainBegin(info: TrainBeginInfo): void {
    this.bar = new SingleBar({
      format: `${info.algorithm} [{bar}] {value}/{total} steps | ETA {eta_formatted} | loss {loss} {eval}`,
      stream: this.stream,
      hideCursor: true,
      clearOnComplete: false,
    });
    this.bar.start(info.totalSteps, info.startStep, this.shown);
  }

  onLog(record: LogRecord): void {
    for (const [key, value] of Object.entries(record)) {
      if (key.endsWith('/loss') && typeof value === 'number') this.shown['loss'] = value.toFixed(4);
      if (key.startsWith('eval/') && key !== 'eval/best_step' && typeof value === 'number')
        this.shown['eval'] = `| ${key.slice(5)} ${value.toFixed(4)}`;
    }
    this.bar?.update(this.shown);
  }

  onStepEnd(step: number): void {
    this.bar?.update(step, this.shown);
  }

  onTrainEnd(): void {
    this.bar?.stop();
  }
}
