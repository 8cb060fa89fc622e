import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** An installed third-party package: its folder (in pnpm's store layout) and manifest. */
export interface InstalledPackage {
  readonly dir: string;
  readonly manifest: { name: string; version: string; [field: string]: unknown };
}

type Manifest = InstalledPackage['manifest'] & {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/** Node's lookup of `name` from `from`: `node_modules/<name>` in `from` and every folder above it. */
function resolveInstalled(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The third-party packages an npm install of `roots` needs (dependencies, optional dependencies and
 * required peers, transitively), as pnpm installed them in this workspace. `roots` are workspace
 * package folders and their third-party dependency names; `@bladerec/*` packages are skipped.
 */
export function thirdPartyClosure(
  roots: ReadonlyArray<{ dir: string; dependencies: readonly string[] }>,
): InstalledPackage[] {
  const seen = new Map<string, InstalledPackage>();
  const queue: Array<[string, string]> = roots.flatMap(({ dir, dependencies }) =>
    dependencies.map((name): [string, string] => [dir, name]),
  );
  while (queue.length > 0) {
    const [from, name] = queue.shift()!;
    if (name.startsWith('@bladerec/')) continue;
    const dir = resolveInstalled(from, name);
    if (dir === undefined) throw new Error(`${name} (needed by ${from}) is not installed in the workspace`);
    if (seen.has(dir)) continue;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    seen.set(dir, { dir, manifest });
    for (const dep of Object.keys({ ...manifest.dependencies })) queue.push([dir, dep]);
    // optional dependencies pnpm skipped (other platforms) are skipped by npm as well
    for (const dep of Object.keys({ ...manifest.optionalDependencies }))
      if (resolveInstalled(dir, dep)) queue.push([dir, dep]);
    for (const dep of Object.keys({ ...manifest.peerDependencies }))
      if (!manifest.peerDependenciesMeta?.[dep]?.optional) queue.push([dir, dep]);
  }
  return [...seen.values()];
}

/** The regular files under `dir`, relative and sorted (links and nested `node_modules` are left out). */
function filesUnder(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...filesUnder(path, base));
    else if (entry.isFile()) out.push(relative(base, path));
  }
  return out;
}

/** One ustar header block; `path` is split into prefix and name when longer than 100 bytes. */
function tarHeader(path: string, size: number, mode: number): Buffer {
  const header = Buffer.alloc(512);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(path) > 100) {
    const cut = path.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100)
      throw new Error(`path too long for a ustar header: ${path}`);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, '0') + '\0';
  header.write(name, 0, 100);
  header.write(octal(mode, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(size, 12), 124);
  header.write(octal(0, 12), 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0' + '00', 257);
  header.write(prefix, 345, 155);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octal(sum, 7) + ' ', 148);
  return header;
}

/** `dir` as an npm tarball: every file under `package/`, gzipped (level 1: this is a test fixture). */
export function packDirectory(dir: string): Buffer {
  const blocks: Buffer[] = [];
  for (const file of filesUnder(dir)) {
    const data = readFileSync(join(dir, file));
    const executable = (lstatSync(join(dir, file)).mode & 0o111) !== 0;
    blocks.push(tarHeader(`package/${file.split('\\').join('/')}`, data.length, executable ? 0o755 : 0o644), data);
    if (data.length % 512 !== 0) blocks.push(Buffer.alloc(512 - (data.length % 512)));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks), { level: 1 });
}

/**
 * Publishes a tarball to `registry` the way npm's publish does (one PUT of the packument with the
 * tarball attached), without running npm: used for the third-party packages mirrored from the store.
 */
export async function putPackage(
  registry: { url: string; token: string },
  manifest: InstalledPackage['manifest'],
  tarball: Buffer,
): Promise<void> {
  const { name, version } = manifest;
  const file = `${name}-${version}.tgz`;
  const body = {
    _id: name,
    name,
    'dist-tags': { latest: version },
    versions: {
      [version]: {
        ...manifest,
        _id: `${name}@${version}`,
        dist: {
          tarball: new URL(`${name}/-/${file}`, registry.url).href,
          shasum: createHash('sha1').update(tarball).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
        },
      },
    },
    _attachments: {
      [file]: { content_type: 'application/octet-stream', data: tarball.toString('base64'), length: tarball.length },
    },
  };
  // a fresh connection per package: packing a large package takes longer than the server keeps an
  // idle keep-alive connection, and a reused socket that the server is closing resets the upload
  const payload = JSON.stringify(body);
  const { status, text } = await new Promise<{ status: number; text: string }>((done, fail) => {
    const headers = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      authorization: `Bearer ${registry.token}`,
    };
    const req = request(
      new URL(name.replace('/', '%2f'), registry.url),
      { method: 'PUT', headers, agent: false },
      (res) => {
        let answer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (answer += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, text: answer }));
      },
    );
    req.on('error', fail);
    req.end(payload);
  }).catch((error: Error) => {
    throw new Error(
      `publishing ${name}@${version} (${tarball.length} bytes packed) to the local registry: ${error.message}`,
      { cause: error },
    );
  });
  if (status < 200 || status >= 300)
    throw new Error(`publishing ${name}@${version} to the local registry: HTTP ${status} ${text}`);
}
