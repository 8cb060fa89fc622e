// The webgpu row of `pnpm bench:train`, and the measurements `bench/gpu-check.mjs` runs on a GPU
// machine: ms per SFT optimizer step and per sampled/decoded batch of the bench:train model (2 layers,
// d=64, 4 heads, 4,100 items, context 12, batch 64) on a backend, and the equivalence of the webgpu
// backend with a reference backend on identical weights and inputs.
//
// Every measurement runs in a fresh child process (one backend per process, as in bench/train.mjs):
//   node bench/train-webgpu.mjs --select                  backend selection (automatic and forced webgpu)
//   node bench/train-webgpu.mjs --child <backend>         timings of one tfjs backend (JSON on stdout)
//   node bench/train-webgpu.mjs --equivalence <ref>       webgpu against <ref> (wasm or cpu) (JSON)
//   node bench/train-webgpu.mjs --export <backend> DIR    inputs for bench/train_torch.py --check (as bench/train.mjs)
//   node bench/train-webgpu.mjs                           webgpu and wasm: writes bench/results/train-webgpu.md
// bench/train.mjs can take its webgpu row from `--child webgpu` (same JSON keys as its own children).
// Needs `pnpm build`. Repetitions are time-boxed (BENCH_WEBGPU_BUDGET_S per measurement, default 20):
// a software WebGPU device (Mesa lavapipe) is seconds per step. BENCH_TRAIN_QUICK=1 cuts repetitions.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const V = 4100;
const C = 12;
const B = 64;
const K = 10;
const MODEL = { layers: 2, dModel: 64, heads: 4, ffnMultiplier: 4, context: C, dropout: 0.1, initFromCatalog: false };
const QUICK = process.env.BENCH_TRAIN_QUICK === '1';
const BUDGET_MS = Number(process.env.BENCH_WEBGPU_BUDGET_S ?? 20) * 1000;
// [warm-up, at most] repetitions per measurement (bench/train.mjs: 3 warm-up, 21 timed)
const REPS = { step: [3, 21], sample1: [3, 21], sample8: [2, 9], greedy: [3, 21] };
/** Tolerances of the equivalence check (float32 on both backends; see docs/training.md). */
const TOLERANCE = { logits: 1e-4, loss: 1e-5, grads: 1e-4, tokenLogProbs: 1e-3, listLogProbs: 1e-3 };

const trainer = () => import(join(root, 'packages/trainer/dist/internal.js'));
const core = () => import(join(root, 'packages/core/dist/bundle/index.js'));
const data = () => import(join(root, 'packages/data/dist/bundle/index.js'));

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], reps: s.length, all: times };
}

/**
 * Warm-up runs (after the first, only within a quarter of the time budget), then timed runs until
 * `most` or the time budget, never fewer than two.
 */
async function timed(fn, [warmup, most]) {
  if (QUICK) [warmup, most] = [1, 3];
  const w0 = performance.now();
  for (let i = 0; i < warmup && (i === 0 || performance.now() - w0 < BUDGET_MS / 4); i++) await fn();
  const times = [];
  const start = performance.now();
  while (times.length < most && (times.length < 2 || performance.now() - start < BUDGET_MS)) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return stats(times);
}

async function useBackend(name) {
  const T = await trainer();
  try {
    return { selection: await T.selectBackend(name) };
  } catch (error) {
    return { skipped: String(error?.message ?? error).split('\n')[0] };
  }
}

/** The adapter Dawn reports (or why there is none). */
async function adapter() {
  const T = await trainer();
  const q = await T.queryWebGpuAdapter();
  if (q.status !== 'adapter') return { status: q.status, reason: q.reason };
  return { status: q.status, ...q.info, software: T.isSoftwareAdapter(q.info) };
}

/** A model, its AdamW optimizer, and one SFT step, as bench/train.mjs's `setup` (SftTrainer's loop body). */
async function setup(rngSeed = 1) {
  const T = await trainer();
  const { Random } = await data();
  const { csrFromArrays } = await core();
  const rng = new Random(rngSeed);
  const model = T.Transformer.create(MODEL, V, rng);
  const optimizer = new T.Adam(model.params, { weightDecay: 0.01 });
  const policy = new T.TransformerPolicy(model);
  const tokens = Int32Array.from({ length: B * C }, () => rng.nextInt(V));
  const batch = { batch: B, length: C, tokens };
  const positions = Array.from({ length: B * C }, (_, i) => i);
  const labels = Array.from({ length: B * C }, () => rng.nextInt(V));
  const histories = csrFromArrays(Array.from({ length: B }, () => Array.from({ length: C }, () => rng.nextInt(V))));
  const { tf } = T;
  let stepCount = 0;
  // one step as SftTrainer takes it (the shared optimizerStep: grads, clip, non-finite check, AdamW)
  const step = async () => {
    const r = await T.optimizerStep({
      model,
      optimizer,
      gradClip: 1,
      learningRate: T.learningRateAt(stepCount++, 1e-3, 50, 1000, 'cosine'),
      loss: () => {
        const hidden = model.hidden(batch, rng);
        const h = T.gatherRows(hidden, tf.tensor1d(positions, 'int32'));
        return tf.neg(tf.mean(T.selectedLogProbs(model.logits(h), tf.tensor1d(labels, 'int32'))));
      },
    });
    if (!r.applied) throw new Error(`non-finite loss ${r.loss} / norm ${r.gradNorm}`);
    return r.loss;
  };
  return { tf, rng, policy, histories, step };
}

// ------------------------------------------------------------------------------------------------
// children

async function select() {
  const T = await trainer();
  const out = { adapter: await adapter() };
  try {
    out.automatic = await T.selectBackend();
  } catch (error) {
    out.automatic = { error: String(error?.message ?? error) };
  }
  T.resetBackendSelection();
  const forced = await useBackend('webgpu');
  out.forced = forced.selection ?? { skipped: forced.skipped };
  return out;
}

async function child(backend) {
  const { skipped } = await useBackend(backend);
  if (skipped) return { backend, skipped };
  const { tf, step, policy, histories, rng } = await setup();
  const tensors0 = tf.memory().numTensors;
  const out = { backend, tfjs: tf.version.tfjs, actualBackend: tf.getBackend() };
  if (backend === 'webgpu') out.adapter = await adapter();
  const t0 = performance.now();
  await step();
  out.first_step_ms = performance.now() - t0; // includes compiling the shaders (webgpu)
  out.step = await timed(step, REPS.step);
  out.sample_64x1x10 = await timed(() => policy.sample(histories, { n: 1, length: K, random: rng }), REPS.sample1);
  out.sample_64x8x10 = await timed(() => policy.sample(histories, { n: 8, length: K, random: rng }), REPS.sample8);
  out.greedy_64x10 = await timed(() => policy.decode(histories, { length: K }), REPS.greedy);
  out.leakedTensors = tf.memory().numTensors - tensors0;
  return out;
}

/**
 * The run of bench/train.mjs's torch check (`--export`) on the current backend: the bench model with
 * every parameter perturbed (so each one matters and logits spread over several units); logits, SFT loss
 * and gradients of a teacher-forced batch with left padding of several lengths (one row of one item);
 * one clipped AdamW step; seeded sampling, list log-probabilities and greedy lists of 16 histories (one
 * empty, several shorter than the context). The gradient norm is read asynchronously: webgpu cannot
 * read synchronously in Node.
 */
async function checkRun() {
  const T = await trainer();
  const { tf } = T;
  const { Random } = await data();
  const { csrFromArrays } = await core();
  const rng = new Random(7);
  const model = T.Transformer.create(MODEL, V, rng);
  const values = new Map();
  for (const [name, shape] of T.parameterShapes(MODEL, V)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const x = new Float32Array(n);
    const std =
      name === 'items.embedding'
        ? 0.2
        : shape.length === 2
          ? 1 / Math.sqrt(shape[0])
          : name === 'items.bias'
            ? 0.5
            : 0.1;
    for (let i = 0; i < n; i++) x[i] = (name.endsWith('.gamma') ? 1 : 0) + std * rng.normal();
    values.set(name, x);
  }
  model.assign(values);
  const lengths = [12, 11, 7, 3, 1, 12, 5, 9];
  const tokens = new Int32Array(lengths.length * C).fill(T.PAD_TOKEN);
  const positions = [];
  const labels = [];
  lengths.forEach((len, b) => {
    for (let j = C - len; j < C; j++) {
      tokens[b * C + j] = rng.nextInt(V);
      positions.push(b * C + j);
      labels.push(rng.nextInt(V));
    }
  });
  const batch = { batch: lengths.length, length: C, tokens };
  const logitsT = tf.tidy(() => model.logits(model.hidden(batch)));
  const logits = await logitsT.data();
  logitsT.dispose();
  const { value, grads } = tf.variableGrads(() => {
    const h = T.gatherRows(model.hidden(batch), tf.tensor1d(positions, 'int32'));
    return tf.neg(tf.mean(T.selectedLogProbs(model.logits(h), tf.tensor1d(labels, 'int32'))));
  }, model.variables());
  const loss = (await value.data())[0];
  value.dispose();
  const named = {};
  for (const [name, v] of model.params) if (grads[v.name]) named[name] = grads[v.name];
  const gradValues = new Map();
  for (const [name, v] of model.params) {
    gradValues.set(name, named[name] ? await named[name].data() : new Float32Array(v.size));
  }
  const step = { lr: 1e-3, weightDecay: 0.01, clip: 1 };
  const optimizer = new T.Adam(model.params, { weightDecay: step.weightDecay });
  const clipped = await T.clipByGlobalNormAsync(named, step.clip);
  optimizer.apply(clipped.grads, step.lr);
  tf.dispose([...Object.values(grads), ...Object.values(clipped.grads)]);
  const updated = await model.values();
  const histLengths = [12, 0, 3, 12, 7, 20, 1, 12, 5, 12, 9, 2, 12, 11, 4, 12];
  const histories = csrFromArrays(histLengths.map((n) => Array.from({ length: n }, () => rng.nextInt(V))));
  const policy = new T.TransformerPolicy(model);
  const sampleN = 2;
  const sampled = await policy.sample(histories, { n: sampleN, length: K, random: rng });
  const rows = T.TransformerPolicy.repeatRows(histLengths.length, sampleN);
  const listLogProbs = await policy.logProb(histories, sampled.lists, { rows });
  const greedy = await policy.decode(histories, { length: K });
  const contexts = T.contextTokens(histories, C).tokens;
  model.dispose();
  return {
    shapes: T.parameterShapes(MODEL, V),
    values,
    batch,
    positions,
    labels,
    logits,
    loss,
    grads: gradValues,
    gradNorm: clipped.norm,
    step,
    updated,
    contexts,
    sampleN,
    sampled: sampled.lists.items,
    tokenLogProbs: sampled.tokenLogProbs,
    listLogProbs,
    greedy: greedy.items,
  };
}

const maxAbs = (a) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const maxAbsDiff = (a, b) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
const sameItems = (a, b) => a.reduce((n, x, i) => n + (x === b[i] ? 1 : 0), 0);

async function equivalence(reference) {
  const ref = await useBackend(reference);
  if (ref.skipped) return { reference, skipped: ref.skipped };
  const r = await checkRun();
  const gpu = await useBackend('webgpu');
  if (gpu.skipped) return { reference, skipped: gpu.skipped };
  const g = await checkRun();
  // per parameter: max |Δ| over the largest gradient entry of all parameters (the key biases' gradients
  // are zero in exact arithmetic, softmax being shift-invariant: relative to themselves they are noise)
  const scale = Math.max(...[...r.grads.values()].map(maxAbs));
  const gradRel = {};
  for (const [name, x] of r.grads) gradRel[name] = maxAbsDiff(g.grads.get(name), x) / scale;
  const worstGrad = Math.max(...Object.values(gradRel));
  const out = {
    reference,
    adapter: await adapter(),
    logits_rel: maxAbsDiff(g.logits, r.logits) / maxAbs(r.logits),
    loss: { webgpu: g.loss, reference: r.loss, rel: Math.abs(g.loss - r.loss) / Math.abs(r.loss) },
    grads_rel_worst: worstGrad,
    grads_rel: gradRel,
    sampled_items_identical: `${sameItems(g.sampled, r.sampled)} / ${r.sampled.length}`,
    token_logprobs_max_abs_diff: maxAbsDiff(g.tokenLogProbs, r.tokenLogProbs),
    list_logprobs_max_abs_diff: maxAbsDiff(g.listLogProbs, r.listLogProbs),
    greedy_items_identical: `${sameItems(g.greedy, r.greedy)} / ${r.greedy.length}`,
    tolerance: TOLERANCE,
  };
  out.pass =
    out.logits_rel < TOLERANCE.logits &&
    out.loss.rel < TOLERANCE.loss &&
    worstGrad < TOLERANCE.grads &&
    out.token_logprobs_max_abs_diff < TOLERANCE.tokenLogProbs &&
    out.list_logprobs_max_abs_diff < TOLERANCE.listLogProbs &&
    sameItems(g.greedy, r.greedy) === r.greedy.length &&
    sameItems(g.sampled, r.sampled) === r.sampled.length;
  return out;
}

/** bench/train.mjs's `--export` (its file format), on any backend, webgpu included. */
async function exportCheck(backend, dir) {
  const { skipped } = await useBackend(backend);
  if (skipped) return { backend, skipped };
  const r = await checkRun();
  const flat = (map) => {
    const parts = r.shapes.map(([name]) => map.get(name));
    const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  const write = (name, arr) => writeFileSync(join(dir, name), Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength));
  write('weights.bin', flat(r.values));
  write('logits.bin', r.logits);
  write('grads.bin', flat(r.grads));
  write('updated.bin', flat(r.updated));
  write('sample_logprobs.bin', r.tokenLogProbs);
  const meta = {
    backend,
    numItems: V,
    context: C,
    shapes: r.shapes,
    batch: r.batch.batch,
    length: C,
    tokens: [...r.batch.tokens],
    positions: r.positions,
    labels: r.labels,
    loss: r.loss,
    gradNorm: r.gradNorm,
    ...r.step,
    contexts: [...r.contexts],
    sampleN: r.sampleN,
    sampleK: K,
    sampled: [...r.sampled],
    listLogProbs: [...r.listLogProbs],
    greedy: [...r.greedy],
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  return { backend };
}

// ------------------------------------------------------------------------------------------------
// parent

/** Runs this script in a child process with `args`; its JSON result, or the failure. */
export function runChild(args, timeoutMs = 240_000) {
  const options = { cwd: root, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 };
  const r = spawnSync(process.execPath, [self, ...args], options);
  const last = r.stdout?.trim().split('\n').pop();
  if (r.status === 0 && last) return JSON.parse(last);
  const why = r.error ? String(r.error.message) : `exit ${r.status ?? r.signal}`;
  return { failed: `${args.join(' ')}: ${why}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}` };
}

const f1 = (x) => (x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const MEASURES = ['step', 'sample_64x1x10', 'sample_64x8x10', 'greedy_64x10'];

async function parent() {
  const started = new Date();
  const machine = `${cpus()[0]?.model}, ${cpus().length} cores, load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;
  const rows = [runChild(['--child', 'webgpu']), runChild(['--child', 'wasm'])];
  const check = runChild(['--equivalence', 'wasm']);
  const L = [`# bench:train, webgpu row (${started.toISOString()})`, '', `Machine: ${machine} (shared: load above).`];
  L.push('Command: `node bench/train-webgpu.mjs` (after `pnpm build`).');
  const a = rows[0].adapter;
  const kind = a?.software ? 'software rasteriser: numbers for the record, not a GPU' : 'hardware';
  if (a) L.push(`WebGPU adapter: ${a.description || a.vendor} (${kind}).`);
  L.push('', '| backend | first step | step | sample 64×10 | sample 64×8×10 | greedy 64×10 | reps |');
  L.push('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    if (r.skipped || r.failed) L.push(`| ${r.backend ?? '?'} | ${r.skipped ?? r.failed} | | | | | |`);
    else {
      const medians = MEASURES.map((k) => f1(r[k].median)).join(' | ');
      L.push(`| ${r.backend} | ${f1(r.first_step_ms)} | ${medians} | ${MEASURES.map((k) => r[k].reps).join('/')} |`);
    }
  }
  L.push('', 'Medians in ms (first step: includes compiling shaders). Equivalence of webgpu with wasm on identical');
  L.push(
    "weights (the inputs of bench/train.mjs's torch check):",
    '',
    '```json',
    JSON.stringify(check, null, 1),
    '```',
    '',
  );
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/train-webgpu.md'), L.join('\n'));
  const json = JSON.stringify({ started, machine, rows, check }, null, 1);
  writeFileSync(join(root, 'bench/results/train-webgpu.json'), json + '\n');
  console.log(L.join('\n'));
}

const [mode, arg1] = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1] === self) {
  if (mode === '--select') process.stdout.write(JSON.stringify(await select()) + '\n');
  // cpuMs: the process's own CPU time (Dawn's and lavapipe's threads included), which bench:train subtracts from the
  // machine's busy time to estimate outside load — without it the child's own work read as another process's
  else if (mode === '--child') {
    const row = await child(arg1);
    const usage = process.cpuUsage();
    process.stdout.write(JSON.stringify({ ...row, cpuMs: (usage.user + usage.system) / 1000 }) + '\n');
  } else if (mode === '--export') {
    process.stdout.write(JSON.stringify(await exportCheck(arg1, process.argv[4])) + '\n');
  } else if (mode === '--equivalence') {
    process.stdout.write(JSON.stringify(await equivalence(arg1 ?? 'wasm')) + '\n');
  } else await parent();
}
