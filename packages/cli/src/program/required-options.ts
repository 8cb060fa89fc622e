import type { Command } from 'commander';

/**
 * Marks `flags` (long names, e.g. `--lists`) of `command` as required and checks them all at once
 * before the action runs: commander stops at the first missing one, so a bare `blade eval` would
 * name one flag of three. Missing flags are a usage error (exit 2), in commander's wording:
 * `error: required option '--truth <jsonl>' not specified`, or `required options '…', '…' not
 * specified`. Declare the options with `.option()` and `(required)` in their description.
 */
export function requireOptions(command: Command, flags: readonly string[]): Command {
  return command.hook('preAction', (cmd) => {
    const values = cmd.opts();
    const missing = cmd.options
      .filter((o) => flags.includes(o.long ?? '') && values[o.attributeName()] === undefined)
      .map((o) => `'${o.flags}'`);
    if (missing.length === 1)
      cmd.error(`error: required option ${missing[0]} not specified`, {
        exitCode: 2,
        code: 'commander.missingMandatoryOptionValue',
      });
    if (missing.length > 1)
      cmd.error(`error: required options ${missing.join(', ')} not specified`, {
        exitCode: 2,
        code: 'commander.missingMandatoryOptionValue',
      });
  });
}
