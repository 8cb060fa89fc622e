// `node bench/vocab-ab.mjs [--rounds N]`: the fused vocabulary op alone — the SFT loss head of `bench:train`
// (768 rows × d = 64 × 4,100 items): forward (logits kept for the backward pass), backward, and the kernel
// functions inside them on one thread (`logits`, `rowStats`, `gradTransform` from the logits and from the kept
// exponentials, `gradE`, `gradH`) — CPU time per call (process.cpuUsage, all threads), each build and thread count
// in its own process (plus, on one thread, the bias + GELU kernels and the projections' products: tfjs-wasm's matMul
// vs the GEMM kernel), the processes interleaved round by round so that outside load hits every row alike.
// BENCH_BASE_DIST=<folder inside packages/trainer> adds an earlier build of packages/trainer/dist as rows.
// Writes bench/results/vocab-ab.md. Needs `pnpm build`.
//   node bench/vocab-ab.mjs --child <dist folder> <threads>   one process: JSON {op: [cpu ms, wall ms]}
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const ROUNDS = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 3;
const P = 768;
const d = 64;
const V = 4100;
const CHUNK = 64;
/** The step's projection products [M, K]·[K, N]: q/k/v/out, feed-forward in and out, and a weight gradient. */
const GEMM_SHAPES = [
  [768, 64, 64],
  [768, 64, 256],
  [768, 256, 64],
  [256, 768, 64],
];

async function child(dist, threads) {
  const T = await import(join(root, 'packages/trainer', dist, 'internal.js'));
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5;
  const h = Float32Array.from({ length: P * d }, rnd);
  const E = Float32Array.from({ length: V * d }, () => rnd() * 0.2);
  const b = Float32Array.from({ length: V }, () => rnd() * 0.1);
  const t = Int32Array.from({ length: P }, (_, i) => (i * 37) % V);
  const dy = Float32Array.from({ length: P }, () => -1 / P);
  const pool = new T.KernelPool(threads);
  const vk = new T.VocabKernel(pool, false);
  const shape = { P, d, V };
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const time = (f, n) => {
    f();
    const c0 = cpu();
    const w0 = performance.now();
    for (let i = 0; i < n; i++) f();
    return [(cpu() - c0) / n, (performance.now() - w0) / n];
  };
  const out = {};
  let fw;
  out.forward = time(() => {
    fw = vk.forward(shape, h, E, b, t);
  }, 10);
  const both = time(() => {
    fw = vk.forward(shape, h, E, b, t);
    vk.backward(shape, h, E, b, t, undefined, fw, dy);
  }, 10);
  out.backward = [both[0] - out.forward[0], both[1] - out.forward[1]];
  out.total = both;
  if (threads === 1) {
    // the kernel functions on their own (extra arguments are ignored by builds that take fewer)
    const { L } = vk.upload(shape, h, E, b, t);
    const m = vk.module(L.D);
    const stride = L.Vp * 4;
    const slot = vk.slotOffset(0);
    const chunks = (fn, argsOf) => () => {
      for (let c = 0; c < L.Vp; c += CHUNK) pool.run(m, fn, [argsOf(c, Math.min(CHUNK, L.Vp - c))]);
    };
    out.logits = time(() => pool.run(m, 'logits', [[L.h, L.panels, L.bias, 0, L.P4, slot, stride, 0, L.Vp]]), 5);
    out.rowStats = time(
      () => pool.run(m, 'rowStats', [[slot, stride, 0, L.P4, L.Vp, L.targets, L.max, L.sum, L.zt, 0]]),
      5,
    );
    out.gradTransform = time(
      chunks('gradTransform', (c, w) => [
        slot + c * 4,
        stride,
        L.scratch,
        L.P4,
        w,
        c,
        L.max,
        L.sum,
        L.dy,
        L.targets,
        0,
      ]),
      5,
    );
    out.gradTransformKept = time(
      chunks('gradTransform', (c, w) => [
        slot + c * 4,
        stride,
        L.scratch,
        L.P4,
        w,
        c,
        L.max,
        L.sum,
        L.dy,
        L.targets,
        1,
      ]),
      5,
    );
    out.gradE = time(
      chunks('gradE', (c, w) => [L.scratch, L.P4, w, L.h, L.dE + c * L.D * 4, L.db + c * 4]),
      5,
    );
    out.gradH = time(
      chunks('gradH', (c, w) => [L.scratch, L.P4, w, L.e + c * L.D * 4, L.dh]),
      5,
    );
    // the feed-forward's bias + GELU, 768 × 256
    const dense = new T.DenseKernels();
    const x = Float32Array.from({ length: P * 4 * d }, () => rnd() * 6);
    const gb = Float32Array.from({ length: 4 * d }, rnd);
    const gy = Float32Array.from({ length: P * 4 * d }, rnd);
    out.geluForward = time(() => dense.geluForward(x, gb, P, 4 * d), 20);
    out.geluBackward = time(() => dense.geluBackward(gy, x, gb, P, 4 * d), 20);
    await dense.pool.dispose();
    // the dense projections' products: the GEMM kernel (builds that have it) vs tfjs-wasm's matMul (read back)
    await T.selectBackend('wasm');
    const { tf } = T;
    let gemm;
    try {
      const { MatMulKernel } = await import(join(root, 'packages/trainer', dist, 'kernels/matmul-kernel.js'));
      gemm = new MatMulKernel(new T.KernelPool(1));
    } catch {
      gemm = undefined;
    }
    for (const [M, K, N] of GEMM_SHAPES) {
      const A = Float32Array.from({ length: M * K }, rnd);
      const Bm = Float32Array.from({ length: K * N }, rnd);
      const [ta, tb] = [tf.tensor2d(A, [M, K]), tf.tensor2d(Bm, [K, N])];
      out[`tfMatMul ${M}x${K}x${N}`] = time(() => {
        const c = tf.matMul(ta, tb);
        c.dataSync();
        c.dispose();
      }, 20);
      if (gemm) out[`gemm ${M}x${K}x${N}`] = time(() => gemm.multiply(A, Bm, M, K, N), 20);
      tf.dispose([ta, tb]);
    }
    await gemm?.pool.dispose();
  }
  await pool.dispose();
  return out;
}

if (args[0] === '--child') {
  process.stdout.write(JSON.stringify(await child(args[1], Number(args[2]))) + '\n');
  process.exit(0);
}

const BASE = process.env['BENCH_BASE_DIST'];
const builds = [...(BASE ? [[`build \`${BASE}\``, BASE]] : []), ['this build', 'dist']];
const configs = builds.flatMap(([label, dist]) =>
  [1, 2].map((threads) => ({
    label: `${label}, ${threads} thread${threads > 1 ? 's' : ''}`,
    dist,
    threads,
  })),
);
const results = configs.map(() => ({}));
const started = new Date();
const loadStart = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
for (let round = 0; round < ROUNDS; round++) {
  configs.forEach((c, i) => {
    const r = spawnSync(process.execPath, [self, '--child', c.dist, String(c.threads)], {
      cwd: root,
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      throw new Error(`${c.label}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
    }
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
    for (const [k, v] of Object.entries(out)) (results[i][k] ??= []).push(v);
    console.log(
      `round ${round + 1}, ${c.label}: forward ${out.forward[0].toFixed(1)}, ` +
        `backward ${out.backward[0].toFixed(1)} CPU ms`,
    );
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};
const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
const ops = [
  ['forward', 'forward (logits kept)'],
  ['backward', 'backward (kept)'],
  ['total', 'forward + backward'],
  ['logits', '`logits`, all rows × items'],
  ['rowStats', '`rowStats` (max, Σ exp)'],
  ['gradTransform', '`gradTransform` from logits (exp)'],
  ['gradTransformKept', '`gradTransform` from kept exp'],
  ['gradE', '`gradE` (dE, db)'],
  ['gradH', '`gradH` (dh)'],
  ['geluForward', 'bias + GELU forward, 768 × 256 (`DenseKernels`)'],
  ['geluBackward', 'bias + GELU backward, 768 × 256'],
  ...GEMM_SHAPES.flatMap(([M, K, N]) => [
    [`tfMatMul ${M}x${K}x${N}`, `tfjs-wasm \`matMul\` ${M}×${K} · ${K}×${N} (read back)`],
    [`gemm ${M}x${K}x${N}`, `GEMM kernel ${M}×${K} · ${K}×${N} (copies included)`],
  ]),
];
const cell = (i, k) => {
  const r = results[i][k];
  return r ? `${median(r.map((v) => v[0])).toFixed(1)} (${median(r.map((v) => v[1])).toFixed(1)})` : '—';
};
const L = [
  '# The fused vocabulary op alone, interleaved: CPU time per call',
  '',
  `Command: \`${BASE ? `BENCH_BASE_DIST=${BASE} ` : ''}node bench/vocab-ab.mjs --rounds ${ROUNDS}\`` +
    ' (after `pnpm build`). Run' +
    ` ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on commit \`${git}\`,` +
    ` ${cpus()[0]?.model.trim() ?? 'CPU'}, ${cpus().length} cores, Node ${process.version}.`,
  '',
  `The SFT loss head of \`bench:train\`: ${P} rows, d = ${d}, ${V} items, no bans; \`VocabKernel.forward\`` +
    ' (logits kept) and',
  '`backward` (reading what the forward pass kept), and the kernel functions inside them on one thread, called over',
  'all rows and items. Each row of the table is its own process; the processes are interleaved round by round',
  `(${ROUNDS} rounds). Cells: median CPU ms per call (\`process.cpuUsage\`, all threads) and, in brackets,` +
    ' median wall ms.',
  "Below the vocabulary op, on one thread: the feed-forward's bias + GELU kernels, and the dense projections'",
  'products on tfjs-wasm (`matMul`, XNNPACK, with the read-back) and on the GEMM kernel of `BLADE_MATMUL_KERNEL`',
  '(builds that have it; operands copied in and the product out).',
  '',
  `**Load average at the start: ${loadStart}; at the end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}**` +
    ` (${cpus().length}` +
    ' cores): on a loaded machine the wall times say little, the CPU times are the work done.',
  '',
  `| op | ${configs.map((c) => c.label).join(' | ')} |`,
  `| --- | ${configs.map(() => '---:').join(' | ')} |`,
  ...ops.map(([k, label]) => `| ${label} | ${configs.map((_, i) => cell(i, k)).join(' | ')} |`),
  '',
];
writeFileSync(join(root, 'bench/results/vocab-ab.md'), L.join('\n'));
console.log('wrote bench/results/vocab-ab.md');
