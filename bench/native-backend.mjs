#!/usr/bin/env node
// The native TensorFlow backend (@tensorflow/tfjs-node) for the benchmarks, built on this machine from the
// TensorFlow C library inside a local `tensorflow-cpu` wheel. A plain `npm install @tensorflow/tfjs-node`
// downloads libtensorflow from storage.googleapis.com, which these machines cannot reach; a Python wheel
// of TensorFlow carries the same C API (libtensorflow_cc.so.2 exports TF_* and TFE_*) and its headers.
//
// Bench-only: install and tests never depend on it, and where no wheel is found it skips and says why.
//
//   node bench/native-backend.mjs            build (or reuse) it and print where it is, or why not
//
// Where wheels are looked for, in order: BLADE_TF_WHEEL (one file), BLADE_WHEEL_DIRS (folders, ':'-separated),
// then pip's own local sources — PIP_FIND_LINKS and `pip config list` find-links, and file:// index URLs
// (PEP 503 simple pages, e.g. file:///opt/pypi/simple). Remote indexes are never contacted.
//
// The build (≈ 1–2 min on 2 cores, once per wheel and tfjs version, kept in .bench-cache/native/):
//   1. the two shared libraries and the C headers are extracted from the wheel (python3 zipfile);
//   2. the @tensorflow/tfjs-node package of our tfjs version is fetched with `npm pack` (the npm registry
//      is reachable) and its runtime dependencies installed with --ignore-scripts (no libtensorflow download);
//   3. its @tensorflow/tfjs is replaced by a link to the trainer's own copy, so that the backend registers
//      with the same tfjs-core instance the trainer uses (two instances = two engines, and no backend);
//   4. the binding is compiled with node-gyp (bundled with npm) against Node's installed headers;
//   5. a child process loads it and runs one op.
// The result is a folder whose node_modules holds @tensorflow/tfjs-node: run a process with that folder as
// its working directory and the trainer finds the package there, as it finds any package installed in the
// user's project (packages/trainer/src/backend/installed.ts).

import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { arch, cpus } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(root, '.bench-cache/native');
const PY_ARCH = { x64: 'x86_64', arm64: 'aarch64' }[arch()];
const WHEEL_NAMES = ['tensorflow_cpu', 'tensorflow'];

/** `tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl` → its parts, or undefined for other files. */
export function parseWheelName(file) {
  const m = /^([A-Za-z0-9_.]+)-([0-9][^-]*)-(?:[0-9][^-]*-)?([^-]+)-([^-]+)-([^-]+)\.whl$/.exec(basename(file));
  if (!m) return undefined;
  return { name: m[1].toLowerCase().replace(/[-.]+/g, '_'), version: m[2], python: m[3], abi: m[4], platform: m[5] };
}

/** Whether a wheel carries TensorFlow's Linux C library for this machine's architecture. */
export function usableWheel(file, machine = PY_ARCH) {
  const w = parseWheelName(file);
  if (!w || !WHEEL_NAMES.includes(w.name) || machine === undefined) return false;
  return w.platform.split('.').some((p) => /^(many|)linux/.test(p) && p.endsWith(`_${machine}`));
}

/** Compares dotted versions numerically (2.21.0 > 2.9.1); a pre-release suffix sorts below its release. */
export function compareVersions(a, b) {
  const parts = (v) => v.split(/[.+]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i] ?? 0, pb[i] ?? 0];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** Local folders and file:// simple indexes named in `pip config list` output and PIP_FIND_LINKS. */
export function pipSources(configText, env = process.env) {
  const folders = [];
  const indexes = [];
  const add = (value) => {
    for (const url of value.split(/\s+/).filter(Boolean)) {
      if (/^[a-z+]+:\/\//i.test(url) && !url.startsWith('file:')) continue; // remote: never contacted
      const path = url.startsWith('file:') ? fileURLToPath(url) : url;
      (/\/simple\/?$/.test(path) ? indexes : folders).push(path.replace(/\/$/, ''));
    }
  };
  if (env.PIP_FIND_LINKS) add(env.PIP_FIND_LINKS);
  for (const line of configText.split('\n')) {
    const m = /^[^=]*\.(find-links|index-url|extra-index-url)='(.*)'$/.exec(line.trim());
    if (m) add(m[2]);
  }
  return { folders: [...new Set(folders)], indexes: [...new Set(indexes)] };
}

/** The wheel files a PEP 503 simple index page links for `project` (file:// indexes only). */
export function simpleIndexWheels(indexDir, project) {
  const page = join(indexDir, project, 'index.html');
  if (!existsSync(page)) return [];
  const hrefs = [...readFileSync(page, 'utf8').matchAll(/href="([^"#]+)(?:#[^"]*)?"/g)].map((m) => m[1]);
  return hrefs.filter((h) => h.endsWith('.whl') && !/^[a-z]+:/i.test(h)).map((h) => resolve(dirname(page), h));
}

/** `pip config list` (every pip config file and PIP_* variable), or '' without pip. */
function readPipConfig() {
  const pip = spawnSync('python3', ['-m', 'pip', 'config', 'list'], { encoding: 'utf8' });
  return pip.status === 0 ? pip.stdout : '';
}

/**
 * The newest usable TensorFlow wheel on this machine, or the reason there is none.
 * @returns {{ wheel: string, version: string, searched: string[] } | { skipped: string, searched: string[] }}
 */
export function findTensorflowWheel(env = process.env, pipConfig = readPipConfig()) {
  const searched = [];
  if (env.BLADE_TF_WHEEL) {
    searched.push(env.BLADE_TF_WHEEL);
    if (!existsSync(env.BLADE_TF_WHEEL)) {
      return { skipped: `BLADE_TF_WHEEL=${env.BLADE_TF_WHEEL} does not exist`, searched };
    }
    if (!usableWheel(env.BLADE_TF_WHEEL)) {
      return { skipped: `BLADE_TF_WHEEL is not a Linux ${PY_ARCH} tensorflow(-cpu) wheel`, searched };
    }
    return { wheel: env.BLADE_TF_WHEEL, version: parseWheelName(env.BLADE_TF_WHEEL).version, searched };
  }
  const sources = pipSources(pipConfig, env);
  const folders = [...(env.BLADE_WHEEL_DIRS ?? '').split(':').filter(Boolean), ...sources.folders];
  const candidates = [];
  for (const folder of folders) {
    searched.push(folder);
    if (!existsSync(folder)) continue;
    candidates.push(...readdirSync(folder).map((f) => join(folder, f)));
  }
  for (const index of sources.indexes) {
    searched.push(`${index} (simple index)`);
    for (const project of ['tensorflow-cpu', 'tensorflow']) candidates.push(...simpleIndexWheels(index, project));
  }
  const usable = candidates.filter((f) => usableWheel(f) && existsSync(f));
  if (usable.length === 0) {
    const where = searched.join(', ') || 'no local wheel folder';
    return { skipped: `no tensorflow-cpu wheel for Linux ${PY_ARCH} in ${where}`, searched };
  }
  usable.sort((a, b) => compareVersions(parseWheelName(b).version, parseWheelName(a).version));
  return { wheel: usable[0], version: parseWheelName(usable[0]).version, searched };
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...options });
  if (r.status !== 0) {
    const lines = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.trim().split('\n');
    const tail = lines.filter((l) => /error|ERR!/i.test(l)).slice(-4);
    const why = r.error?.message ?? `exit ${r.status}`;
    throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} … failed (${why}): ${tail.join(' | ')}`);
  }
  return r.stdout;
}

/** Node's C headers installed beside this node binary (Debian's nodejs-dev, or the official tarball layout). */
function nodeHeadersDir() {
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include/node/node_api.h')) ? prefix : undefined;
}

/** node-gyp: npm's bundled copy (every npm install has one), else one on PATH. */
function nodeGyp() {
  const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout?.trim();
  const bundled = [npmRoot, join(dirname(process.execPath), '../lib/node_modules')].filter(Boolean);
  for (const base of bundled.map((d) => join(d, 'npm/node_modules/node-gyp'))) {
    if (existsSync(join(base, 'bin/node-gyp.js'))) return [process.execPath, join(base, 'bin/node-gyp.js')];
  }
  return spawnSync('node-gyp', ['--version']).status === 0 ? ['node-gyp'] : undefined;
}

const EXTRACT_PY = `
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
libs = ('tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2')
z = zipfile.ZipFile(wheel)
names = set(z.namelist())
missing = [l for l in libs if l not in names]
if missing: sys.exit('the wheel has no ' + ', '.join(missing))
for info in z.infolist():
    f = info.filename
    if f in libs or (f.startswith('tensorflow/include/') and not f.startswith('tensorflow/include/external/')):
        z.extract(info, out)
`;

const VERIFY_JS = `
const tf = require(process.argv[1]);
require('@tensorflow/tfjs-node');
tf.setBackend('tensorflow').then(() => {
  const y = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])).dataSync();
  console.log(JSON.stringify({ backend: tf.getBackend(), y: [...y] }));
});
`;

/**
 * Builds @tensorflow/tfjs-node against a local TensorFlow wheel (or reuses the earlier build of the same wheel
 * and tfjs version).
 * @returns {{ dir: string, wheel: string, tensorflow: string, tfjs: string, libtensorflow?: string, reused: boolean,
 *   buildSeconds: number } | { skipped: string }} `dir`: run a process there (cwd) and `@tensorflow/tfjs-node`
 *   resolves; `libtensorflow`: the version a plain `npm install` of that tfjs-node would download.
 */
export function prepareNativeBackend({ log = (line) => console.log(line), env = process.env } = {}) {
  if (process.platform !== 'linux') return { skipped: 'the wheel build is for Linux only' };
  const found = findTensorflowWheel(env);
  if (found.skipped) return { skipped: found.skipped };
  const trainerRequire = createRequire(join(root, 'packages/trainer/package.json'));
  const tfjsDir = dirname(realpathSync(trainerRequire.resolve('@tensorflow/tfjs/package.json')));
  const tfjs = JSON.parse(readFileSync(join(tfjsDir, 'package.json'), 'utf8')).version;
  const dir = join(CACHE, `tfjs-node-${tfjs}-tf-${found.version}`);
  const pkg = join(dir, 'node_modules/@tensorflow/tfjs-node');
  const stamp = join(dir, 'built.json');
  const constants = join(pkg, 'scripts/deps-constants.js'); // the libtensorflow version npm install would download
  const built = (reused, buildSeconds) => ({
    dir,
    wheel: found.wheel,
    tensorflow: found.version,
    tfjs,
    reused,
    buildSeconds,
    libtensorflow: /LIBTENSORFLOW_VERSION\s*=\s*'([^']+)'/.exec(readFileSync(constants, 'utf8'))?.[1],
  });
  if (existsSync(stamp)) {
    const s = JSON.parse(readFileSync(stamp, 'utf8'));
    if (s.wheel === found.wheel && s.tfjsDir === tfjsDir) {
      return built(true, s.buildSeconds);
    }
  }
  const headers = nodeHeadersDir();
  if (!headers) {
    return { skipped: `no Node headers beside ${process.execPath} (include/node/node_api.h); install nodejs-dev` };
  }
  const gyp = nodeGyp();
  if (!gyp) return { skipped: 'node-gyp not found (neither bundled with npm nor on PATH)' };
  if (spawnSync('python3', ['--version']).status !== 0) return { skipped: 'python3 is needed to read the wheel' };
  const t0 = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(pkg), { recursive: true });
  try {
    log(`native backend: extracting TensorFlow ${found.version}'s C library from ${found.wheel}`);
    const lib = join(dir, 'libtensorflow');
    run('python3', ['-c', EXTRACT_PY, found.wheel, lib]);
    log(`native backend: fetching @tensorflow/tfjs-node@${tfjs} from the npm registry`);
    const packed = run('npm', ['pack', `@tensorflow/tfjs-node@${tfjs}`, '--silent'], { cwd: dir });
    const tgz = packed.trim().split('\n').pop();
    mkdirSync(pkg, { recursive: true });
    run('tar', ['xzf', join(dir, tgz), '-C', pkg, '--strip-components=1']);
    rmSync(join(dir, tgz));
    const npmFlags = ['--ignore-scripts', '--omit=dev', '--no-package-lock', '--no-audit', '--no-fund'];
    run('npm', ['install', ...npmFlags], { cwd: pkg });
    // one tfjs-core: the package's @tensorflow/tfjs becomes the trainer's
    const ownTfjs = join(pkg, 'node_modules/@tensorflow/tfjs');
    rmSync(ownTfjs, { recursive: true, force: true });
    symlinkSync(tfjsDir, ownTfjs, 'dir');
    // deps/ as the package's binding.gyp expects it; -ltensorflow links libtensorflow_cc.so.2 (its soname)
    const tf = join(lib, 'tensorflow');
    mkdirSync(join(pkg, 'deps/lib'), { recursive: true });
    symlinkSync(join(tf, 'include'), join(pkg, 'deps/include'), 'dir');
    for (const [link, target] of [
      ['libtensorflow.so', 'libtensorflow_cc.so.2'],
      ['libtensorflow_cc.so.2', 'libtensorflow_cc.so.2'],
      ['libtensorflow_framework.so', 'libtensorflow_framework.so.2'],
      ['libtensorflow_framework.so.2', 'libtensorflow_framework.so.2'],
    ])
      symlinkSync(join(tf, target), join(pkg, 'deps/lib', link));
    const napi = 8; // the highest N-API version the package lists; Node ≥ 15 has it
    log(`native backend: compiling the binding (node-gyp, N-API ${napi})`);
    const modulePath = join(pkg, `lib/napi-v${napi}`);
    const gypArgs = [
      'rebuild',
      `--nodedir=${headers}`,
      `--jobs=${cpus().length}`,
      '--module_name=tfjs_binding',
      `--module_path=${modulePath}`,
      `--module=${join(modulePath, 'tfjs_binding.node')}`,
      `--napi_build_version=${napi}`,
      '--node_abi_napi=napi',
      `--node_napi_label=napi-v${napi}`,
    ];
    run(gyp[0], [...gyp.slice(1), ...gypArgs], { cwd: pkg });
    rmSync(join(pkg, 'build'), { recursive: true, force: true });
    const quiet = { ...env, TF_CPP_MIN_LOG_LEVEL: '2' };
    const out = run(process.execPath, ['-e', VERIFY_JS, tfjsDir], { cwd: dir, env: quiet });
    const check = JSON.parse(out.trim().split('\n').pop());
    if (check.backend !== 'tensorflow' || check.y.join() !== '17,39') {
      throw new Error(`the built backend computed ${out.trim()}`);
    }
    const buildSeconds = Math.round((performance.now() - t0) / 1000);
    const record = { wheel: found.wheel, tensorflow: found.version, tfjs, tfjsDir, buildSeconds };
    writeFileSync(stamp, JSON.stringify(record, null, 2));
    log(`native backend: built in ${buildSeconds} s (${dir})`);
    return built(false, buildSeconds);
  } catch (error) {
    return { skipped: `building @tensorflow/tfjs-node from ${basename(found.wheel)} failed: ${error.message}` };
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = prepareNativeBackend();
  if (r.skipped) console.log(`native backend: skipped (${r.skipped})`);
  else
    console.log(
      `native backend: @tensorflow/tfjs-node ${r.tfjs} on TensorFlow ${r.tensorflow} in ${r.dir}` +
        `${r.reused ? ' (reused)' : ''}; run a process there and the trainer finds it`,
    );
}
