import { resolve } from 'node:path';
import { BladeUserError, CliContribution, CliIo } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { writeCanonical } from '../canonical/write-canonical.js';
import { generateSyntheticData } from '../synth/generate-synthetic.js';
import { syntheticOptionsSchema } from '../synth/synthetic-options.js';
import { dataCommandGroup } from './data-command-group.js';

/** `blade data synth --out <dir>`: generates the seeded synthetic data set in the canonical format. */
@injectable()
export class DataSynthCommand implements CliContribution {
  constructor(@inject(CliIo) private readonly io: CliIo) {}

  register(program: Command): void {
    const command = dataCommandGroup(program)
      .command('synth')
      .description(
        'generate the seeded synthetic data set (docs/synthetic-data.md) and write it in the canonical format',
      )
      .requiredOption('--out <dir>', 'output folder');
    for (const [key, schema] of Object.entries(syntheticOptionsSchema.properties)) {
      const s = schema as { description?: string; default?: unknown };
      command.option(`--${kebab(key)} <n>`, `${s.description ?? key} (default ${String(s.default)})`);
    }
    command.action((flags: Record<string, string>) => this.run(flags));
  }

  async run(flags: Record<string, string>): Promise<void> {
    const options: Record<string, number> = {};
    for (const key of Object.keys(syntheticOptionsSchema.properties)) {
      const raw = flags[key];
      if (raw === undefined) continue;
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw.trim()))
        throw new BladeUserError(`--${kebab(key)}: expected a number, got ${JSON.stringify(raw)}`);
      options[key] = Number(raw);
    }
    const data = generateSyntheticData(options);
    const out = resolve(this.io.cwd, flags['out']!);
    const manifest = await writeCanonical(data.dataset, out, {
      seed: data.options.seed,
      sourceFormat: 'synthetic',
      generator: data.options,
    });
    const c = manifest.counts;
    this.io.out(
      `wrote ${flags['out']}: synthetic seed ${data.options.seed}, ${c.items} items, ${c.users} users, ${c.train} train / ${c.valid} valid / ${c.test} test examples\n`,
    );
  }
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}
