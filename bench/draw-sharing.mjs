// How many logit rows the fused draw computes when rows with the same context, list so far and query share
// one set of logits (IdenticalRows), for the decoding calls of an alignment run: a training step's rollouts
// (32 contexts × 8 lists), an evaluation's sampled lists (300 × 4) and the ceiling reference (32 × 64, one of its
// chunks); 10 items per list, the synthetic catalog (400 items). Counts, not times: machine load does not matter.
//   node bench/draw-sharing.mjs [--init model.bct]...   (no --init: the synthetic recipe's model, random weights)
// Writes bench/results/draw-sharing.md (one row per model).
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const inits = args.flatMap((a, i) => (a === '--init' ? [args[i + 1]] : []));
const T = await import(join(root, 'packages/trainer/dist/internal.js'));
const D = await import(join(root, 'packages/data/dist/index.js'));
await T.selectBackend('wasm');
const dataset = D.generateSynthetic({ seed: 42, items: 400 });
const kernel = T.sharedVocabKernel();
const draw = kernel.draw.bind(kernel);
let computed = [];
kernel.draw = (...a) => {
  computed.push(a[0].P);
  return draw(...a);
};
const calls = [
  ['training step', 32, 8],
  ['evaluation (sampled lists)', 300, 4],
  ['ceiling reference chunk', 32, 64],
];
const L = [
  '# Shared logits in the fused draw: logit rows computed per decoding call',
  '',
  `Command: \`node bench/draw-sharing.mjs${inits.map((p) => ` --init ${p}`).join('')}\` (after a build), ` +
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Counts, not times (the machine's load does not`,
  'matter). Rows with the same context, the same list so far and the same query bits share one set of logits',
  '(`IdenticalRows`); each row still draws with its own uniform. Synthetic catalog (400 items), lists of 10.',
  '',
  '| model | call | rows × slots | logit rows per slot | computed |',
  '| --- | --- | ---: | --- | ---: |',
];
for (const init of [undefined, ...inits]) {
  const model = init
    ? T.loadModel(init).model
    : T.Transformer.create(
        {
          layers: 2,
          dModel: 64,
          heads: 4,
          ffnMultiplier: 4,
          context: 12,
          dropout: 0.1,
          initFromCatalog: false,
          countPrior: { smoothing: 1 },
        },
        400,
        new D.Random(1),
        undefined,
        T.CountPrior.fromExamples(400, dataset.splits.train, 1),
      );
  const policy = new T.TransformerPolicy(model);
  for (const [name, B, n] of calls) {
    computed = [];
    await policy.sample(T.historiesOf(dataset.splits.valid.slice(0, B), 12), {
      n,
      length: 10,
      random: new D.Random(3),
    });
    const share = computed.reduce((s, x) => s + x, 0) / (B * n * 10);
    L.push(
      `| ${init ? `\`${init.split('/').slice(-4).join('/')}\`` : 'random weights'} | ${name} | ` +
        `${B * n} × 10 | ${computed.join(' ')} | ${(100 * share).toFixed(1)}% |`,
    );
    console.log(L.at(-1));
  }
}
L.push('');
writeFileSync(join(root, 'bench/results/draw-sharing.md'), L.join('\n'));
await T.shutdownKernels();
