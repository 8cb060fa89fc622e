/**
 * The values of every `--plugin <name>` / `--plugin=<name>` flag in `argv`. Plugins must be loaded
 * before the program is built (they may contribute commands), so the flags are read ahead of
 * commander, which later re-parses them for help and validation.
 */
export function pluginFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--plugin' && i + 1 < argv.length) out.push(argv[++i]!);
    else if (arg.startsWith('--plugin=')) out.push(arg.slice('--plugin='.length));
  }
  return out;
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
