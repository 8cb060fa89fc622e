import { BladeUserError } from '@bladerec/core';

/**
 * Thrown by the pure record parsers (which know no file or line); loaders turn it into a located
 * `BladeUserError` with {@link locate}.
 */
export class RecordError extends Error {
  override readonly name = 'RecordError';
}

/** Runs `parse`, turning a {@link RecordError} into `BladeUserError` at `where`. */
export function locate<T>(where: { file: string; line?: number }, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof RecordError) throw new BladeUserError(error.message, where);
    throw error;
  }
}
