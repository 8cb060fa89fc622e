import { dirname, resolve } from 'node:path';
import { readConfigFile } from '@bladerec/core';

/**
 * The config file a command line names: the value of `--config <file>` / `--config=<file>`, or the
 * file of `blade config validate <file>`. Read ahead of commander, like the `--plugin` flags, because
 * the config's plugins must be loaded before the program is built.
 */
export function configFileArgument(argv: readonly string[]): string | undefined {
  if (argv[0] === 'config' && argv[1] === 'validate' && argv[2] !== undefined && !argv[2].startsWith('-'))
    return argv[2];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--config' && i + 1 < argv.length) return argv[i + 1];
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return undefined;
}

/**
 * The `plugins` a config file lists and the folder their requests resolve from (the config's own),
 * or none. A file that cannot be read or parsed lists none here: the command reports it in full.
 */
export async function configPlugins(
  argv: readonly string[],
  cwd: string,
): Promise<{ requests: string[]; base: string }> {
  const file = configFileArgument(argv);
  if (file === undefined) return { requests: [], base: cwd };
  const path = resolve(cwd, file);
  let document: unknown;
  try {
    document = await readConfigFile(path);
  } catch {
    return { requests: [], base: cwd };
  }
  const plugins = (document as { plugins?: unknown } | null)?.plugins;
  const requests = Array.isArray(plugins) ? plugins.filter((p): p is string => typeof p === 'string' && p !== '') : [];
  return { requests, base: dirname(path) };
}
