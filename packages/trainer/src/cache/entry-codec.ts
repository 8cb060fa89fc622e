import { createHash } from 'node:crypto';

/** First token of every cache entry file (a format version: another one reads as unreadable). */
const MAGIC = 'bladerec-cache-v1';
const TYPED = '__bladerecTyped';
const NUMBER = '__bladerecNumber';

const ARRAYS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type ArrayName = keyof typeof ARRAYS;

/**
 * A cache entry as text: a header line `bladerec-cache-v1 <key> <sha256 of the body>` and a JSON body in
 * which typed arrays are their bytes in base64 and non-finite numbers and −0 are tagged, so that
 * {@link decodeEntry} returns exactly the encoded values (every double bit for bit).
 */
export function encodeEntry(key: string, value: unknown): string {
  const body = JSON.stringify(value, function (this: unknown, k: string, v: unknown) {
    const raw = (this as Record<string, unknown>)[k];
    if (ArrayBuffer.isView(raw) && !(raw instanceof DataView)) {
      const name = raw.constructor.name;
      if (!(name in ARRAYS)) throw new TypeError(`cache entry: cannot store a ${name}`);
      return { [TYPED]: name, data: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') };
    }
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)))
      return { [NUMBER]: Object.is(v, -0) ? '-0' : String(v) };
    return v;
  });
  return `${MAGIC} ${key} ${sha256(body)}\n${body}`;
}

/** The value of an entry written by {@link encodeEntry} for `key`; throws (with the reason) on anything else. */
export function decodeEntry(key: string, text: string): unknown {
  const newline = text.indexOf('\n');
  if (newline < 0) throw new Error('no header line');
  const [magic, storedKey, digest] = text.slice(0, newline).split(' ');
  if (magic !== MAGIC) throw new Error(`not a ${MAGIC} entry`);
  if (storedKey !== key) throw new Error('the entry was stored under another key');
  const body = text.slice(newline + 1);
  if (sha256(body) !== digest) throw new Error('checksum mismatch (truncated or corrupted)');
  return JSON.parse(body, (_k, v: unknown) => {
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    if (typeof o[NUMBER] === 'string') return o[NUMBER] === '-0' ? -0 : Number(o[NUMBER]);
    if (typeof o[TYPED] === 'string') return typedArray(o[TYPED], o['data']);
    return v;
  });
}

function typedArray(name: string, data: unknown): ArrayBufferView {
  if (!(name in ARRAYS) || typeof data !== 'string') throw new Error(`bad typed array ${name}`);
  const Ctor = ARRAYS[name as ArrayName];
  const bytes = Buffer.from(data, 'base64');
  if (bytes.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) throw new Error(`bad ${name} length`);
  const out = new Ctor(bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
