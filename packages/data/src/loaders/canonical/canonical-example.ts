import { RecordError } from '../../dataset/record-error.js';

/**
 * Parses one canonical example line `{"user"?, "history": [ids], "targets": [ids]}`, resolving ids
 * with `indexOf` (−1 = unknown). The canonical format is written by bladerec itself, so an unknown
 * id is an error, not a rule.
 * @throws RecordError for another shape or an id not in the catalog.
 */
export function parseCanonicalExample(
  value: unknown,
  indexOf: (id: string) => number,
): { user?: string; history: Int32Array; targets: Int32Array } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RecordError('expected a JSON object {"user"?, "history": [ids], "targets": [ids]}');
  const o = value as Record<string, unknown>;
  const ids = (v: unknown, name: string): Int32Array => {
    if (!Array.isArray(v)) throw new RecordError(`"${name}" must be an array of item ids`);
    return Int32Array.from(v, (id, k) => {
      if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id)))
        throw new RecordError(`"${name}"[${k}] must be an item id string`);
      const i = indexOf(String(id));
      if (i < 0) throw new RecordError(`"${name}"[${k}]: item ${JSON.stringify(id)} is not in catalog.json`);
      return i;
    });
  };
  const user = o['user'];
  if (user !== undefined && typeof user !== 'string') throw new RecordError('"user" must be a string');
  const targets = ids(o['targets'], 'targets');
  if (targets.length === 0) throw new RecordError('"targets" is empty');
  return { ...(user === undefined ? {} : { user }), history: ids(o['history'], 'history'), targets };
}
