import type { Command } from 'commander';

/**
 * The `blade data` command group, created by whichever data command registers first, so that each
 * `data …` sub-command can be its own `CliContribution`.
 */
export function dataCommandGroup(program: Command): Command {
  const existing = program.commands.find((c) => c.name() === 'data');
  if (existing) return existing;
  return program.command('data').description('inspect, convert and generate recommendation data sets');
}
