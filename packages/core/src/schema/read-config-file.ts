import { readFile } from 'node:fs/promises';
import { BladeUserError } from '../errors/blade-error.js';

/**
 * Reads a config document: `.json` as JSON, anything else (`.yaml`, `.yml`) as YAML 1.2.
 * @throws BladeUserError naming the file and, for syntax errors, the line.
 */
export async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BladeUserError(
      `cannot read config (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      { file },
    );
  }
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const match = /position (\d+)/.exec((error as Error).message);
      const line = match ? text.slice(0, Number(match[1])).split('\n').length : undefined;
      throw new BladeUserError(`malformed JSON (${(error as Error).message})`, { file, line });
    }
  }
  const { parseDocument } = await import('yaml'); // loaded only for YAML configs
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new BladeUserError(
      `malformed YAML (${first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')})`,
      { file, line: first.linePos?.[0]?.line },
    );
  }
  return doc.toJS() as unknown;
}
