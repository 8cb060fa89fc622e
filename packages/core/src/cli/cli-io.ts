/**
 * Where commands read and write: the process streams in the binary, buffers in tests. Commands get
 * it injected instead of touching `process` so that they can be run in-process.
 */
export interface CliIo {
  /** Writes to standard output (text is written as given; add `\n` yourself). */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Directory relative paths and plugin names are resolved from. */
  readonly cwd: string;
  /** Whether stderr is an interactive terminal (progress bars only then). */
  readonly interactive: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}
export const CliIo = Symbol.for('bladerec.CliIo');

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    interactive: Boolean(process.stderr.isTTY) && !process.env['CI'],
    env: process.env,
  };
}
