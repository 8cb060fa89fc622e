import { BladeUserError } from '@bladerec/core';

/** Commander collector for the repeatable `--option key=value` flag. */
export function collectOption(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Turns `--option key=value` flags into a loader options object. A value is read as JSON when it
 * parses (`kCore=5`, `fractions=[0.8,0.1,0.1]`, `maxHistory=null`), else as a string
 * (`split=sliding-window`).
 * @throws BladeUserError for a flag without `=` or an empty key, or a key given twice.
 */
export function parseOptionFlags(flags: readonly string[] = []): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const key = eq < 0 ? '' : flag.slice(0, eq).trim();
    if (key === '')
      throw new BladeUserError(`--option ${JSON.stringify(flag)}: expected key=value, e.g. --option kCore=5`);
    if (key in options) throw new BladeUserError(`--option ${key} is given twice`);
    const text = flag.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
    options[key] = value === null ? undefined : value;
  }
  return options;
}
