import { resolve } from 'node:path';
import { CliContribution, CliIo } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { writeCanonical } from '../canonical/write-canonical.js';
import { DatasetLoaderRegistry } from '../registry/dataset-loader-registry.js';
import { dataCommandGroup } from './data-command-group.js';
import { collectOption, parseOptionFlags } from './loader-option-flags.js';

interface ConvertFlags {
  format: string;
  out: string;
  option?: string[];
}

/** `blade data convert <path> --format <name> --out <dir>`: writes the canonical format. */
@injectable()
export class DataConvertCommand implements CliContribution {
  constructor(
    @inject(DatasetLoaderRegistry) private readonly registry: DatasetLoaderRegistry,
    @inject(CliIo) private readonly io: CliIo,
  ) {}

  register(program: Command): void {
    dataCommandGroup(program)
      .command('convert')
      .description(
        'load a data set and write it in the canonical format (catalog.json, train/valid/test.jsonl, dataset.json)',
      )
      .argument('<path>', 'data set file or folder')
      .requiredOption('--format <name>', 'data format of <path> (see blade data formats)')
      .requiredOption('--out <dir>', 'output folder (created; its canonical files are overwritten)')
      .option('--option <key=value>', 'loader option, e.g. --option seed=7 (repeatable)', collectOption)
      .action((path: string, flags: ConvertFlags) => this.run(path, flags));
  }

  async run(path: string, flags: ConvertFlags): Promise<void> {
    const options = parseOptionFlags(flags.option);
    const dataset = await this.registry.load(resolve(this.io.cwd, path), flags.format, options);
    const out = resolve(this.io.cwd, flags.out);
    const seed = typeof options['seed'] === 'number' ? options['seed'] : undefined;
    const manifest = await writeCanonical(dataset, out, { seed });
    const c = manifest.counts;
    this.io.out(
      `wrote ${flags.out}: ${c.items} items, ${c.train} train / ${c.valid} valid / ${c.test} test examples (from ${manifest.sourceFormat})\n`,
    );
    const rules = Object.entries(dataset.report.counts);
    if (rules.length > 0) this.io.err(`note: load rules applied: ${rules.map(([r, n]) => `${r} ${n}`).join(', ')}\n`);
  }
}
