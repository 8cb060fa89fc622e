import { ALGORITHM_PRESETS, ALGORITHMS } from '../src/index.js';

/**
 * Compact text of a preset value: components as `kind {options}`, objects as `{key: value, …}`, loss terms as `kind
 * ×weight {options}`.
 */
function cell(value: unknown): string {
  if (value === undefined) return '·';
  if (Array.isArray(value))
    return value
      .map((t: Record<string, unknown>) => {
        const { kind, weight, ...rest } = t;
        const options = Object.keys(rest).length > 0 ? ` ${cell(rest)}` : '';
        return `${String(kind)} ×${String(weight)}${options}`;
      })
      .join('<br>+ ');
  if (value && typeof value === 'object') {
    const { kind, options } = value as { kind?: unknown; options?: Record<string, unknown> };
    if (typeof kind === 'string' && Object.keys(value).length === 2 && options) {
      return Object.keys(options).length > 0 ? `${kind} ${cell(options)}` : kind;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${k}: ${cell(v)}`).join(', ')}}`;
  }
  return String(value);
}

/**
 * The markdown table of `docs/algorithms.md` that shows every algorithm as its preset, side by side
 * (one row per setting a preset sets; `·` = the schema default).
 */
export function presetTable(): string {
  const keys = [...new Set(ALGORITHMS.flatMap((a) => Object.keys(ALGORITHM_PRESETS[a])))];
  const lines = [
    `| setting | ${ALGORITHMS.map((a) => `\`${a}\``).join(' | ')} |`,
    `|---|${ALGORITHMS.map(() => '---|').join('')}`,
  ];
  for (const key of keys) {
    lines.push(
      `| \`${key}\` | ${ALGORITHMS.map((a) => cell((ALGORITHM_PRESETS[a] as Record<string, unknown>)[key])).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
