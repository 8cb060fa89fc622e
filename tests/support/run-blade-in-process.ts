import { type BladePlugin, type CliIo } from '@bladerec/core';
import { runBlade } from '@bladerec/cli';

/** What one in-process `blade` run printed and returned. */
export interface InProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `blade <argv>` in this process with buffered streams (no subprocess: the process boundary is not under test).
 */
export async function runBladeInProcess(
  argv: readonly string[],
  cwd: string,
  plugins: readonly BladePlugin[] = [],
): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    cwd,
    interactive: false,
    env: { ...process.env, CI: 'true' },
  };
  const code = await runBlade(argv, { io, plugins });
  return { code, stdout, stderr };
}
