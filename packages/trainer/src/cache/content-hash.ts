import { createHash, type Hash } from 'node:crypto';

/**
 * SHA-256 of a value's content, independent of object identity and of the order in which an object's
 * keys were inserted: numbers by their IEEE-754 bits (so −0, NaN and every double are distinct), typed
 * arrays by type, length and bytes, strings by UTF-8, objects and Maps by sorted keys. Functions and
 * `undefined` properties are skipped (they carry no data); a cycle is an error.
 */
export function contentHash(value: unknown): string {
  const hash = createHash('sha256');
  feed(hash, value, new Set());
  return hash.digest('hex');
}

const number = Buffer.alloc(8);

function tag(hash: Hash, t: string): void {
  hash.update(t);
}

function feed(hash: Hash, value: unknown, path: Set<object>): void {
  if (value === undefined) return tag(hash, 'u');
  if (value === null) return tag(hash, 'z');
  switch (typeof value) {
    case 'number':
      number.writeDoubleLE(value);
      tag(hash, 'n');
      hash.update(number);
      return;
    case 'string':
      tag(hash, `s${Buffer.byteLength(value)}:`);
      hash.update(value);
      return;
    case 'boolean':
      return tag(hash, value ? 'T' : 'F');
    case 'bigint':
      return tag(hash, `b${value.toString()};`);
    case 'function':
    case 'symbol':
      return tag(hash, 'f');
  }
  const object = value as object;
  if (ArrayBuffer.isView(object)) {
    tag(hash, `v${object.constructor.name}${object.byteLength}:`);
    hash.update(new Uint8Array(object.buffer, object.byteOffset, object.byteLength));
    return;
  }
  if (path.has(object)) throw new TypeError('contentHash: cyclic value');
  path.add(object);
  if (Array.isArray(object)) {
    tag(hash, `a${object.length}[`);
    for (const x of object) feed(hash, x, path);
  } else if (object instanceof Map) {
    const entries = [...object.entries()]
      .map(([k, v]) => [String(k), v] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    tag(hash, `m${entries.length}{`);
    for (const [k, v] of entries) {
      feed(hash, k, path);
      feed(hash, v, path);
    }
  } else {
    const keys = Object.keys(object)
      .filter((k) => {
        const v = (object as Record<string, unknown>)[k];
        return v !== undefined && typeof v !== 'function';
      })
      .sort();
    tag(hash, `o${keys.length}{`);
    for (const k of keys) {
      feed(hash, k, path);
      feed(hash, (object as Record<string, unknown>)[k], path);
    }
  }
  tag(hash, ']');
  path.delete(object);
}
