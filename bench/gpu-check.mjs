// The GPU check (`bench/gpu-check.sh` runs it): on a machine with a GPU, in under five minutes,
//   1. which WebGPU adapter Dawn finds, and which backend the trainer selects (automatically / forced);
//   2. the equivalence of the webgpu backend with wasm on the bench:train model (logits, loss, every
//      gradient, seeded sampled lists, token and list log-probabilities, greedy lists), and with PyTorch
//      (bench/train-webgpu.mjs --export + bench/train_torch.py --check) when `import torch` works;
//   3. ms per SFT step, sampling 64×10 and 64×8×10, greedy 64×10 on webgpu and on wasm.
// Writes one JSON file: $OUT/gpu-check.json when OUT is set, else bench/results/gpu-check.json (after
// every phase, so a run cut short leaves what it measured). Needs `pnpm build`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './train-webgpu.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = process.env.OUT ? join(process.env.OUT, 'gpu-check.json') : join(root, 'bench/results/gpu-check.json');
const t0 = performance.now();
const sh = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
};
const icdDirs = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d'].filter((d) => existsSync(d));

const result = {
  started: new Date().toISOString(),
  command: 'bench/gpu-check.sh',
  host: {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAtStart: loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
    nvidiaSmi: sh('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader']),
    vulkanIcds: icdDirs.flatMap((d) => readdirSync(d).map((f) => join(d, f))),
    vulkanLoader: sh('sh', ['-c', 'ldconfig -p | grep -o "libvulkan.so.1 .*" | head -1']),
    mesa: sh('dpkg-query', ['-W', '-f=${Version}', 'mesa-vulkan-drivers']),
    xdgRuntimeDir: process.env.XDG_RUNTIME_DIR,
  },
  phases: {},
};

function save() {
  result.elapsedSeconds = Math.round((performance.now() - t0) / 1000);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(result, null, 1) + '\n');
}

function phase(name, fn) {
  const s = performance.now();
  console.log(`gpu-check: ${name} …`);
  result.phases[name] = { ...fn(), seconds: Math.round((performance.now() - s) / 100) / 10 };
  save();
  return result.phases[name];
}

/** The torch check of bench/train.mjs on the webgpu backend, when torch is importable. */
function torchCheck() {
  const python = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
  const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: `${python}: import torch failed` };
  const dir = mkdtempSync(join(tmpdir(), 'bladerec-gpu-check-'));
  try {
    const options = { cwd: root, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 << 20 };
    const run = (cmd, args) => spawnSync(cmd, args, options);
    const tail = (r, n) => r.stderr.trim().split('\n').slice(-n).join(' | ');
    const exp = run(process.execPath, [join(root, 'bench/train-webgpu.mjs'), '--export', 'webgpu', dir]);
    if (exp.status !== 0) return { failed: `export: exit ${exp.status}: ${tail(exp, 2)}` };
    const check = run(python, [join(root, 'bench/train_torch.py'), '--check', dir]);
    if (check.status !== 0) return { failed: `torch check: exit ${check.status}: ${tail(check, 1)}` };
    return { torch: probe.stdout.trim(), ...JSON.parse(check.stdout.trim().split('\n').pop()) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const selection = phase('selection', () => runChild(['--select'], 120_000));
const software = selection.adapter?.software === true;
const softwareNote = software ? ' (software rasteriser: not a GPU; numbers for the record)' : '';
result.label =
  selection.adapter?.status === 'adapter'
    ? `${selection.adapter.description || selection.adapter.vendor}${softwareNote}`
    : `no WebGPU adapter: ${selection.forced?.skipped ?? selection.adapter?.reason ?? selection.failed}`;
console.log(`gpu-check: ${result.label}`);
// a software device is seconds per step: shorter time boxes keep the whole check under five minutes
if (software) process.env.BENCH_WEBGPU_BUDGET_S = String(Math.min(Number(process.env.BENCH_WEBGPU_BUDGET_S ?? 20), 4));
result.budgetSecondsPerMeasurement = Number(process.env.BENCH_WEBGPU_BUDGET_S ?? 20);
if (selection.forced?.backend === 'webgpu') {
  const eq = phase('equivalence_vs_wasm', () => runChild(['--equivalence', 'wasm'], 150_000));
  console.log(`gpu-check: equivalence with wasm ${eq.pass ? 'passes' : 'FAILS'}`);
  phase('equivalence_vs_torch', torchCheck);
  const gpu = phase('timings_webgpu', () => runChild(['--child', 'webgpu'], 180_000));
  const wasm = phase('timings_wasm', () => runChild(['--child', 'wasm'], 120_000));
  result.summary = Object.fromEntries(
    ['step', 'sample_64x1x10', 'sample_64x8x10', 'greedy_64x10'].map((k) => [
      k,
      {
        webgpu_ms: gpu[k]?.median,
        wasm_ms: wasm[k]?.median,
        speedup: gpu[k] && wasm[k] ? Math.round((wasm[k].median / gpu[k].median) * 100) / 100 : undefined,
      },
    ]),
  );
  console.log(JSON.stringify(result.summary));
}
save();
console.log(`gpu-check: wrote ${file} (${result.elapsedSeconds} s)`);
