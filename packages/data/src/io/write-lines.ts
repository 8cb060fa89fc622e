import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { BladeUserError } from '@bladerec/core';

/** Writes each string of `lines` plus `\n` to `file` (UTF-8), respecting stream back-pressure. */
export async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const stream = createWriteStream(file, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  try {
    for (const line of lines) {
      if (!stream.write(line + '\n')) await Promise.race([once(stream, 'drain'), failed]);
    }
    stream.end();
    await Promise.race([once(stream, 'finish'), failed]);
  } catch (error) {
    stream.destroy();
    throw new BladeUserError(`cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
      file,
    });
  }
}
