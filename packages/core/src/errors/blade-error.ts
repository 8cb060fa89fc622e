/**
 * Errors caused by the user's input (files, configs, command-line flags). The CLI prints them as a
 * single line and exits non-zero; anything else is a bug and keeps its stack trace.
 *
 * The message is built as `<file>:<line>: <reason>` when a location is known, so that users can
 * jump straight to the offending line.
 */
export class BladeUserError extends Error {
  override readonly name = 'BladeUserError';
  /** File the problem was found in, if any. */
  readonly file?: string;
  /** 1-based line number inside `file`, if any. */
  readonly line?: number;
  /** The reason without the location prefix. */
  readonly reason: string;

  constructor(reason: string, location: { file?: string; line?: number } = {}, options?: ErrorOptions) {
    super(formatLocation(location.file, location.line) + reason, options);
    this.file = location.file;
    this.line = location.line;
    this.reason = reason;
  }
}

function formatLocation(file?: string, line?: number): string {
  if (file === undefined) return '';
  return line === undefined ? `${file}: ` : `${file}:${line}: `;
}

/** True for errors meant to be shown to the user without a stack trace. */
export function isUserError(error: unknown): error is BladeUserError {
  return error instanceof BladeUserError;
}
