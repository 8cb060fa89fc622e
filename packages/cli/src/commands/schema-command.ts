import { CliContribution, CliIo, ConfigSchemaService } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { collect } from '../program/plugin-flags.js';

/** `blade schema`: the JSON Schema of config files, assembled from core and every loaded plugin. */
@injectable()
export class SchemaCommand implements CliContribution {
  constructor(
    @inject(ConfigSchemaService) private readonly schemas: ConfigSchemaService,
    @inject(CliIo) private readonly io: CliIo,
  ) {}

  register(program: Command): void {
    program
      .command('schema')
      .description(
        'print the JSON Schema of bladerec config files (core + loaded plugins); save it and point "$schema" at it for editor completion',
      )
      .option('--plugin <name>', 'load a reward plugin package (repeatable)', collect)
      .action(() => this.io.out(JSON.stringify(this.schemas.documentSchema(), null, 2) + '\n'));
  }
}
