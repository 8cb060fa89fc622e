import { resolve } from 'node:path';
import { CliContribution, CliIo, ConfigSchemaService, readConfigFile } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { collect } from '../program/plugin-flags.js';

/** Sections that are not settings a command defaults (the editor's `$schema`, the plugin list). */
const NOT_DEFAULTED = new Set(['$schema', 'plugins']);

/**
 * `blade config validate <file>`: checks a config without running it — the schema of every section
 * (core's, every package's and every loaded plugin's, including the plugins the file lists), each
 * section's cross-field checks, every issue at once — and says which sections the file leaves to
 * their defaults.
 */
@injectable()
export class ConfigCommand implements CliContribution {
  constructor(
    @inject(ConfigSchemaService) private readonly schemas: ConfigSchemaService,
    @inject(CliIo) private readonly io: CliIo,
  ) {}

  register(program: Command): void {
    const config = program.command('config').description('check config files');
    config
      .command('validate')
      .description(
        'validate a config file without running it (every issue at once; names the sections left to defaults)',
      )
      .argument('<file>', 'config file (JSON or YAML)')
      .option('--plugin <name>', 'load a plugin package (repeatable; plugins the file lists are loaded too)', collect)
      .option('--json', 'print {"file","sections","defaulted","config"} with the defaults filled in')
      .addHelpText(
        'after',
        '\nExample:\n  blade config validate run.yaml\n  blade config validate run.yaml --json > resolved.json',
      )
      .action((file: string, flags: { json?: boolean }) => this.validate(file, flags));
  }

  async validate(file: string, flags: { json?: boolean }): Promise<void> {
    const path = resolve(this.io.cwd, file);
    const raw = await readConfigFile(path);
    const config = this.schemas.validate<Record<string, unknown>>(raw, { file: path });
    const all = Object.keys((this.schemas.documentSchema() as { properties: Record<string, unknown> }).properties);
    const sections = all.filter((s) => !NOT_DEFAULTED.has(s) && config[s] !== undefined);
    const defaulted = all.filter((s) => !NOT_DEFAULTED.has(s) && config[s] === undefined);
    if (flags.json) {
      this.io.out(JSON.stringify({ file: path, sections, defaulted, config }) + '\n');
      return;
    }
    this.io.out(`${path}: valid (sections: ${sections.join(', ') || 'none'})\n`);
    if (defaulted.length > 0)
      this.io.err(
        `note: not in the file, so a command that uses them runs with their defaults: ${defaulted.join(', ')}\n`,
      );
  }
}
