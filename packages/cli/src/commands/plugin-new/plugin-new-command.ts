import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';
import { BladeUserError, CliContribution, CliIo } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { PLUGIN_KINDS, type PluginKind, pluginNames } from './plugin-names.js';
import { writePluginScaffold } from './plugin-scaffold.js';

/** The version of the `@bladerec/core` this CLI runs with: the scaffold's peer range starts there. */
const CORE_VERSION = (createRequire(import.meta.url)('@bladerec/core/package.json') as { version: string }).version;

/**
 * `blade plugin new <name> [--kind reward|metric|prior|evidence|target|loader] [--dir <folder>]`:
 * scaffolds a standalone plugin package (own tsconfig, vitest suite, README, `@bladerec/core` as a
 * peer) that builds and passes its tests outside this repository.
 */
@injectable()
export class PluginNewCommand implements CliContribution {
  constructor(@inject(CliIo) private readonly io: CliIo) {}

  register(program: Command): void {
    program
      .command('plugin')
      .description('create plugin packages')
      .command('new <name>')
      .description(
        'scaffold a standalone plugin package (a reward, corpus metric, prior store, evidence or target estimator, or data loader) with tests',
      )
      .option('--kind <kind>', `what the plugin contributes: ${PLUGIN_KINDS.join(', ')}`, 'reward')
      .option('--dir <folder>', 'where to write it (default: ./<package name without scope>)')
      .action((name: string, flags: { kind: string; dir?: string }) => this.run(name, flags));
  }

  run(name: string, flags: { kind: string; dir?: string }): void {
    if (!(PLUGIN_KINDS as readonly string[]).includes(flags.kind)) {
      throw new BladeUserError(`unknown plugin kind '${flags.kind}' (kinds: ${PLUGIN_KINDS.join(', ')})`);
    }
    const names = pluginNames(name, flags.kind as PluginKind, CORE_VERSION);
    const dir = resolve(this.io.cwd, flags.dir ?? names.packageName.replace(/^@[^/]+\//, ''));
    const files = writePluginScaffold(dir, names);
    const shown = relative(this.io.cwd, dir) || '.';
    this.io.out(
      `created ${names.packageName} (${names.kind} '${names.id}') in ${shown}: ${files.length} files\n\n` +
        `  cd ${shown}\n  npm install\n  npm test\n  npm run build\n\n` +
        `then load it with --plugin ${names.id} (from a project where it is installed) or --plugin ${dir}\n`,
    );
  }
}
