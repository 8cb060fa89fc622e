import type { LogRecord, TrainerCallback } from './trainer-callback.js';

/** Writes every log record as a JSON line through `write` (the CLI's `--json` mode). */
export class JsonLinesCallback implements TrainerCallback {
  constructor(private readonly write: (line: string) => void) {}

  onLog(record: LogRecord): void {
    this.write(JSON.stringify(record) + '\n');
  }
}
