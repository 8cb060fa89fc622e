import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LogRecord, TrainBeginInfo, TrainerCallback } from './trainer-callback.js';

/**
 * Appends every log record as one JSON line to a file (re-plottable metrics). A fresh run starts the
 * file anew; a resumed run keeps the records up to its start step and drops the rest, so the file
 * never holds two records for one step.
 */
export class JsonlMetricsCallback implements TrainerCallback {
  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
  }

  onTrainBegin(info: TrainBeginInfo): void {
    if (info.startStep === 0 || !existsSync(this.file)) {
      writeFileSync(this.file, '');
      return;
    }
    const kept = readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .filter((line) => {
        try {
          return (JSON.parse(line) as { step?: number }).step! <= info.startStep;
        } catch {
          return false;
        }
      });
    writeFileSync(this.file, kept.map((l) => l + '\n').join(''));
  }

  onLog(record: LogRecord): void {
    appendFileSync(this.file, JSON.stringify(record) + '\n');
  }
}
