import type { Command } from 'commander';

/**
 * The command group `name` of `program` (e.g. `blade train`, `blade data`), created by whichever
 * contribution registers first, so that each sub-command can be its own `CliContribution`.
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}
