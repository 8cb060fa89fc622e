import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliIo, ConfigSchemaService, readConfigFile } from '@bladerec/core';
import { DatasetLoaderRegistry } from '@bladerec/data';
import { inject, injectable } from 'inversify';
import { JsonlMetricsCallback } from '../callbacks/jsonl-metrics-callback.js';
import { JsonLinesCallback } from '../callbacks/json-lines-stdout-callback.js';
import { ProgressCallback } from '../callbacks/progress-callback.js';
import type { TrainerCallback } from '../callbacks/trainer-callback.js';
import { type DataConfig, loadTrainingData, type TrainingData } from '../config/data-config.js';
import type { TrainFlags } from './train-command-group.js';

/** Everything a training command needs before it starts. */
export interface PreparedRun<C> {
  readonly config: C;
  readonly data: TrainingData;
  readonly runDir: string;
  readonly callbacks: TrainerCallback[];
  readonly configDir: string;
}

/**
 * The shared start of every `blade train <algo>` command: read and validate the config (defaults
 * filled in for the given sections), select and announce the backend, load the data set, and
 * assemble the callbacks (metrics JSONL file always; progress bar on a TTY, JSON lines on stdout
 * with `--json`).
 */
@injectable()
export class RunSetup {
  constructor(
    @inject(ConfigSchemaService) private readonly schemas: ConfigSchemaService,
    @inject(DatasetLoaderRegistry) private readonly loaders: DatasetLoaderRegistry,
    @inject(CliIo) private readonly io: CliIo,
  ) {}

  /**
   * @param sections sections that get their defaults even when the file omits them
   * @param adjust changes the raw document before validation (e.g. algorithm presets)
   * @param check runs on the validated config before the backend starts and the data loads, so that
   *   missing inputs fail fast
   */
  async prepare<C extends { data: DataConfig }>(
    flags: TrainFlags,
    algorithm: string,
    sections: readonly string[],
    adjust?: (doc: Record<string, unknown>) => void,
    check?: (config: C, configDir: string) => void,
  ): Promise<PreparedRun<C>> {
    const file = resolve(this.io.cwd, flags.config);
    const raw = await readConfigFile(file);
    const doc: Record<string, unknown> = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : (raw as Record<string, unknown>);
    if (typeof doc === 'object' && doc !== null) {
      for (const s of sections) doc[s] ??= {};
      adjust?.(doc);
    }
    const config = this.schemas.validate<C>(doc, { file });
    check?.(config, dirname(file));
    // TensorFlow.js loads only here, so that commands which never train start fast
    const { selectBackend } = await import('../backend/backend-selection.js');
    const selection = await selectBackend(flags.backend);
    this.io.err(`backend: ${selection.backend}${selection.skipped.length > 0 ? ` (skipped ${selection.skipped.join('; ')})` : ''}\n`);
    const configDir = dirname(file);
    const data = await loadTrainingData(config.data, this.loaders, configDir);
    const runDir = resolve(this.io.cwd, flags.out ?? `runs/${algorithm}`);
    mkdirSync(runDir, { recursive: true });
    const callbacks: TrainerCallback[] = [new JsonlMetricsCallback(resolve(runDir, 'metrics.jsonl'))];
    if (flags.json) callbacks.push(new JsonLinesCallback((line) => this.io.out(line)));
    else if (this.io.interactive) callbacks.push(new ProgressCallback());
    return { config, data, runDir, callbacks, configDir };
  }
}
