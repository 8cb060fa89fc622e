import { createHash } from 'node:crypto';
import { BladeUserError, type Static, type TSchema, Type } from '@bladerec/core';
import { TransformerConfig } from '../model/transformer-config.js';
import { SftConfig } from '../sft/sft-config.js';

/**
 * A hyper-parameter grid for `blade train sft --sweep`: config paths (`model.transition`,
 * `sft.learningRate`) mapped to the values to try. Every combination is one point.
 */
export const SweepGridFile = Type.Object(
  {
    grid: Type.Record(Type.String(), Type.Array(Type.Unknown()), {
      description: 'Config path (section.key) → list of values; every combination of values is one point of the sweep.',
    }),
  },
  { additionalProperties: false },
);
export type SweepGridFile = Static<typeof SweepGridFile>;

/** One point of a grid: the values it sets, in grid order. */
export interface SweepPoint {
  /** Folder name under `<out>/points/`, derived from the assignment (stable across resumes). */
  readonly name: string;
  readonly assignment: ReadonlyArray<readonly [path: string, value: unknown]>;
}

/** The sections a grid may set, with their schemas. `data` is not sweepable: every point trains on the same data. */
const SECTIONS: Readonly<Record<string, TSchema>> = { model: TransformerConfig, sft: SftConfig };

/**
 * Paths whose change would make points incomparable (selection compares `sft.monitor` on the same
 * validation examples): a grid may give them one value, not several.
 */
const FIXED = new Set([
  'sft.monitor',
  'sft.metrics',
  'sft.metricOptions',
  'sft.evalExamples',
  'sft.k',
  'sft.baselines',
]);

/**
 * Checks a parsed grid file's shape and paths.
 * @throws BladeUserError (naming `file`) for an empty grid, a path with no values, a path outside
 *   the `model` / `sft` sections, an unknown key, or several values for a path that must be the
 *   same for every point (one value is allowed: it sets the path for the whole sweep).
 */
export function checkGrid(grid: Readonly<Record<string, readonly unknown[]>>, file: string): void {
  const paths = Object.keys(grid);
  if (paths.length === 0) {
    const example = 'e.g. grid: { model.transition: [0, 1] }';
    throw new BladeUserError(`the grid is empty: list at least one config path with its values, ${example}`, { file });
  }
  for (const path of paths) {
    const [section, ...rest] = path.split('.');
    if (section === 'data') {
      throw new BladeUserError(`grid path '${path}' cannot be swept: every point must train on the same data`, {
        file,
      });
    }
    const schema = SECTIONS[section!];
    if (!schema || rest.length === 0) {
      const sections = Object.keys(SECTIONS).join(', ');
      throw new BladeUserError(
        `unknown grid path '${path}': a path is <section>.<key> with section one of ${sections}`,
        { file },
      );
    }
    let node: TSchema = schema;
    for (const key of rest) {
      const properties = (node as { properties?: Record<string, TSchema> }).properties;
      if (!properties?.[key]) {
        const known = properties ? Object.keys(properties).join(', ') : '(no keys)';
        const reason = `unknown grid path '${path}': '${key}' is not a key of ${section} (known: ${known})`;
        throw new BladeUserError(reason, { file });
      }
      node = properties[key]!;
    }
    if (FIXED.has(path) && grid[path]!.length > 1) {
      const reason = `grid path '${path}' cannot be swept (give one value): points are selected on the same validation metric`;
      throw new BladeUserError(reason, { file });
    }
    if (grid[path]!.length === 0) throw new BladeUserError(`grid path '${path}' lists no values`, { file });
  }
}

/** Every combination of the grid's values (the first path varies slowest), named after its assignment. */
export function gridPoints(grid: Readonly<Record<string, readonly unknown[]>>): SweepPoint[] {
  let points: [string, unknown][][] = [[]];
  for (const [path, values] of Object.entries(grid)) {
    points = points.flatMap((p) => values.map((v) => [...p, [path, v] as [string, unknown]]));
  }
  return points.map((assignment) => ({ name: pointName(assignment), assignment }));
}

/**
 * `model.transition=1,sft.learningRate=0.003`; characters unsafe in file names become `_`, names
 * over 120 characters are shortened and end in a hash of the full name.
 */
export function pointName(assignment: ReadonlyArray<readonly [string, unknown]>): string {
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const full = assignment.map(([path, value]) => `${path}=${text(value)}`).join(',');
  const safe = full.replace(/[^A-Za-z0-9._=,@+-]/g, '_');
  if (safe.length <= 120) return safe;
  return `${safe.slice(0, 100)}_${createHash('sha256').update(full).digest('hex').slice(0, 12)}`;
}

/**
 * A copy of a raw config document with a point's values set at their paths (sections created as needed); a
 * `null` value removes the key (e.g. `model.countPrior: [null, { smoothing: 1 }]` sweeps the prior off and on).
 */
export function applyPoint(
  doc: Readonly<Record<string, unknown>>,
  assignment: ReadonlyArray<readonly [string, unknown]>,
): Record<string, unknown> {
  const out = structuredClone(doc) as Record<string, unknown>;
  for (const [path, value] of assignment) {
    const keys = path.split('.');
    let node = out;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      const isObject = typeof next === 'object' && next !== null && !Array.isArray(next);
      node = node[key] = isObject ? { ...(next as Record<string, unknown>) } : {};
    }
    // null: the key is absent at this point (its default applies; e.g. an optional section switched off)
    if (value === null) delete node[keys.at(-1)!];
    else node[keys.at(-1)!] = structuredClone(value);
  }
  return out;
}
