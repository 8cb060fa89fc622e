import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { BladeUserError } from '@bladerec/core';

const MAGIC = Buffer.from('BLADECK1', 'ascii');

/** Checkpoint writes in this process (for fault injection). */
let writes = 0;

/** A named float tensor stored in a checkpoint. */
export interface StoredTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** What a checkpoint file holds: a JSON-serialisable state and named tensors. */
export interface CheckpointContents<S = unknown> {
  readonly state: S;
  readonly tensors: ReadonlyMap<string, StoredTensor>;
}

interface Header<S> {
  readonly version: 1;
  readonly state: S;
  readonly tensors: { name: string; shape: number[]; offset: number; length: number }[];
  /** SHA-256 of the tensor section, hex. */
  readonly sha256: string;
}

/**
 * Writes a checkpoint atomically: the bytes go to `<path>.tmp`, which is fsynced and then renamed
 * over `path` (and the directory fsynced), so a crash at any moment leaves either the previous
 * checkpoint or the new one, never a torn file.
 *
 * Layout: `BLADECK1`, a uint32 header length, the JSON header (state, tensor index, SHA-256 of the
 * tensor section), padding to 4 bytes, then the float32 tensors.
 *
 * Fault injection for crash tests: with `BLADE_FAULT_CHECKPOINT=kill-on-write:W:after-bytes:N` in
 * the environment the process kills itself with SIGKILL after writing N bytes of the temporary
 * file during its W-th checkpoint write (1-based).
 */
export function writeCheckpoint<S>(path: string, contents: CheckpointContents<S>): void {
  const index: Header<S>['tensors'] = [];
  let offset = 0;
  for (const [name, t] of contents.tensors) {
    index.push({ name, shape: [...t.shape], offset, length: t.data.length });
    offset += t.data.length;
  }
  const body = new Float32Array(offset);
  for (const entry of index) body.set(contents.tensors.get(entry.name)!.data, entry.offset);
  const bodyBytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const header: Header<S> = {
    version: 1,
    state: contents.state,
    tensors: index,
    sha256: createHash('sha256').update(bodyBytes).digest('hex'),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const pad = Buffer.alloc((4 - ((MAGIC.length + 4 + json.length) % 4)) % 4);
  const parts = [MAGIC, length, json, pad, bodyBytes];

  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writes++;
  const fault = /^kill-on-write:(\d+):after-bytes:(\d+)$/.exec(process.env['BLADE_FAULT_CHECKPOINT'] ?? '');
  const limit = fault && Number(fault[1]) === writes ? Number(fault[2]) : Infinity;
  const fd = openSync(tmp, 'w');
  try {
    let written = 0;
    for (const part of parts) {
      let pos = 0;
      while (pos < part.length) {
        const chunk = Math.min(part.length - pos, 1 << 20, limit - written);
        if (chunk <= 0) {
          fsyncSync(fd);
          process.kill(process.pid, 'SIGKILL');
        }
        pos += writeSync(fd, part, pos, chunk);
        written += chunk;
      }
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dir = openSync(dirname(path), 'r');
    fsyncSync(dir);
    closeSync(dir);
  } catch {
    // some file systems cannot fsync directories; the rename itself is still atomic
  }
}

/**
 * Reads a checkpoint written by {@link writeCheckpoint}.
 * @throws BladeUserError if the file is missing, not a checkpoint, truncated or corrupted.
 */
export function readCheckpoint<S>(path: string): CheckpointContents<S> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new BladeUserError(
      `cannot read checkpoint (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      { file: path },
    );
  }
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC))
    throw new BladeUserError('not a bladerec checkpoint', { file: path });
  const jsonLength = bytes.readUInt32LE(MAGIC.length);
  const jsonEnd = MAGIC.length + 4 + jsonLength;
  if (jsonEnd > bytes.length) throw new BladeUserError('checkpoint is truncated (header)', { file: path });
  let header: Header<S>;
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length + 4, jsonEnd).toString('utf8')) as Header<S>;
  } catch {
    throw new BladeUserError('checkpoint header is corrupted', { file: path });
  }
  const start = jsonEnd + ((4 - (jsonEnd % 4)) % 4);
  const total = header.tensors.reduce((n, t) => n + t.length, 0);
  const body = bytes.subarray(start);
  if (body.length !== total * 4)
    throw new BladeUserError(`checkpoint is truncated (${body.length} of ${total * 4} tensor bytes)`, { file: path });
  if (createHash('sha256').update(body).digest('hex') !== header.sha256)
    throw new BladeUserError('checkpoint tensors fail their checksum', { file: path });
  const floats = new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  const tensors = new Map<string, StoredTensor>();
  for (const t of header.tensors)
    tensors.set(t.name, { shape: t.shape, data: floats.subarray(t.offset, t.offset + t.length) });
  return { state: header.state, tensors };
}
