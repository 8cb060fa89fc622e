import { runBlade, type RunBladeOptions } from '@bladerec/cli';

/** What one in-process `blade` run printed and returned. */
export interface BladeRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `blade <args>` in this process through `runBlade`, with buffered streams: for the CLI tests
 * where the process boundary is not what is tested (no node start-up, no module loading per case).
 */
export async function bladeInProcess(
  args: readonly string[],
  cwd: string,
  options: Omit<RunBladeOptions, 'io'> = {},
): Promise<BladeRun> {
  let stdout = '';
  let stderr = '';
  const io = {
    out: (s: string) => void (stdout += s),
    err: (s: string) => void (stderr += s),
    cwd,
    interactive: false,
    env: { CI: '1', NO_COLOR: '1' },
  };
  const code = await runBlade(args, { ...options, io });
  return { code, stdout, stderr };
}

/** Asserts a user error: exit 1, nothing on stdout, exactly one stderr line `blade: error: …`, no stack trace. */
export function oneLineError(r: BladeRun): string {
  if (r.code !== 1 || r.stdout !== '')
    throw new Error(
      `expected a user error (exit 1, empty stdout), got exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`,
    );
  const lines = r.stderr.split('\n');
  if (
    lines.length !== 2 ||
    lines[1] !== '' ||
    !lines[0]!.startsWith('blade: error: ') ||
    /\bat .*:\d+:\d+\)?$/m.test(r.stderr)
  ) {
    throw new Error(`expected one line 'blade: error: …', got:\n${r.stderr}`);
  }
  return lines[0]!.slice('blade: error: '.length);
}
