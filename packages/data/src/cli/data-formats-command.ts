import { CliContribution, CliIo, formatTable } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { DatasetLoaderRegistry } from '../registry/dataset-loader-registry.js';
import { dataCommandGroup } from './data-command-group.js';

/** `blade data formats`: the registered data formats (built-in and from plugins) and their options. */
@injectable()
export class DataFormatsCommand implements CliContribution {
  constructor(
    @inject(DatasetLoaderRegistry) private readonly registry: DatasetLoaderRegistry,
    @inject(CliIo) private readonly io: CliIo,
  ) {}

  register(program: Command): void {
    dataCommandGroup(program)
      .command('formats')
      .description('list the data formats --format accepts, with their options')
      .option('--json', "print JSON (with each format's options schema)")
      .action((flags: { json?: boolean }) => this.run(flags));
  }

  run(flags: { json?: boolean }): void {
    const loaders = this.registry.list();
    if (flags.json) {
      this.io.out(
        JSON.stringify(
          {
            formats: loaders.map((l) => ({
              format: l.format,
              description: l.description,
              options: l.optionsSchema ?? null,
            })),
          },
          null,
          2,
        ) + '\n',
      );
      return;
    }
    const rows = [['format', 'description', 'options']];
    for (const l of loaders) {
      const props = (l.optionsSchema?.['properties'] ?? {}) as Record<string, unknown>;
      rows.push([l.format, l.description, Object.keys(props).join(', ') || '-']);
    }
    this.io.out(formatTable(rows));
  }
}
