import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliIo, ConfigSchemaService, readConfigFile } from '@bladerec/core';
import { DatasetLoaderRegistry } from '@bladerec/data';
import { inject, injectable } from '@bladerec/core/inversify';
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
 * with `--json`). Writes the validated config with its defaults as `resolved-config.json` into the
 * run directory.
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
   * @returns the prepared run, or undefined after a `--dry-run` (which prints the resolved config,
   *   the data counts and what would run, and loads no backend)
   */
  async prepare<C extends { data: DataConfig }>(
    flags: TrainFlags,
    algorithm: string,
    sections: readonly string[],
    adjust?: (doc: Record<string, unknown>) => void,
    check?: (config: C, configDir: string) => void,
  ): Promise<PreparedRun<C> | undefined> {
    const file = resolve(this.io.cwd, flags.config);
    const raw = await readConfigFile(file);
    const given = new Set(typeof raw === 'object' && raw !== null ? Object.keys(raw) : []);
    const doc: Record<string, unknown> =
      typeof raw === 'object' && raw !== null && !Array.isArray(raw)
        ? { ...(raw as Record<string, unknown>) }
        : (raw as Record<string, unknown>);
    if (typeof doc === 'object' && doc !== null) {
      for (const s of sections) doc[s] ??= {};
      adjust?.(doc);
    }
    const config = this.schemas.validate<C>(doc, { file });
    check?.(config, dirname(file));
    const defaulted = Object.keys(config).filter((s) => !given.has(s) && s !== 'plugins' && s !== '$schema');
    if (defaulted.length > 0)
      this.io.err(
        `note: ${file} has no ${defaulted.join(', ')} section: defaults used (blade config validate --json ${flags.config} shows them)\n`,
      );
    const runDir = resolve(this.io.cwd, flags.out ?? `runs/${algorithm}`);
    if (flags.dryRun) {
      await this.dryRun(config, algorithm, file, runDir, flags);
      return undefined;
    }
    // TensorFlow.js loads only here, so that commands which never train start fast
    const { selectBackend } = await import('../backend/backend-selection.js');
    const selection = await selectBackend(flags.backend);
    this.io.err(
      `backend: ${selection.backend}${selection.skipped.length > 0 ? ` (skipped ${selection.skipped.join('; ')})` : ''}\n`,
    );
    const configDir = dirname(file);
    const data = await loadTrainingData(config.data, this.loaders, configDir);
    mkdirSync(runDir, { recursive: true });
    // what ran, for readers of the folder while it runs (blade report groups a run without summary.json by it)
    writeFileSync(resolve(runDir, 'resolved-config.json'), JSON.stringify(config, null, 2) + '\n');
    const callbacks: TrainerCallback[] = [new JsonlMetricsCallback(resolve(runDir, 'metrics.jsonl'))];
    if (flags.json) callbacks.push(new JsonLinesCallback((line) => this.io.out(line)));
    else if (this.io.interactive) callbacks.push(new ProgressCallback());
    return { config, data, runDir, callbacks, configDir };
  }

  /** `--dry-run`: the resolved config, the data counts and what would run; no backend, nothing written. */
  private async dryRun(
    config: { data: DataConfig },
    algorithm: string,
    file: string,
    runDir: string,
    flags: TrainFlags,
  ): Promise<void> {
    const { dataset, sftTrain, align } = await loadTrainingData(config.data, this.loaders, dirname(file));
    const { train, valid, test } = dataset.splits;
    const data = {
      name: dataset.name,
      format: dataset.format,
      items: dataset.catalog.size,
      train: train.length,
      sftTrain: sftTrain.length,
      alignHoldout: align.length,
      valid: valid.length,
      test: test.length,
    };
    const resume = flags.resume && existsSync(resolve(runDir, 'checkpoint.bct'));
    const action = `blade train ${algorithm} into ${runDir}${resume ? ` (resuming from ${resolve(runDir, 'checkpoint.bct')})` : ''}`;
    if (flags.json) {
      this.io.out(
        JSON.stringify({
          dryRun: {
            command: `train ${algorithm}`,
            config: file,
            runDir,
            resume: Boolean(resume),
            data,
            resolved: config,
          },
        }) + '\n',
      );
      return;
    }
    this.io.out(
      `dry run of ${file}\n` +
        `data: ${data.name} (${data.format}): ${data.items} items; train ${data.train} examples ` +
        `(SFT ${data.sftTrain}, alignment hold-out ${data.alignHoldout}), valid ${data.valid}, test ${data.test}\n` +
        `would run: ${action}\nresolved config:\n${JSON.stringify(config, null, 2)}\n`,
    );
  }
}
