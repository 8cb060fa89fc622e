import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliContribution } from '@bladerec/core';
import { ContainerModule } from '@bladerec/core/inversify';
import { afterAll, describe, expect, test } from 'vitest';
import { bladeInProcess, oneLineError } from './support/in-process.js';

// Bad input never crashes: the `blade` program run in-process (the process boundary adds nothing
// here), every case one line on stderr and exit 1, before TensorFlow.js loads where possible.
const dir = mkdtempSync(join(tmpdir(), 'bladerec-robust-'));
const fixtures = join(import.meta.dirname, 'fixtures/eval');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('configs: every number finite, every issue named', () => {
  test('weight: .inf in a YAML objective is a named error on train bon, not a crash', async () => {
    const file = write('inf.yaml', 'objective:\n  terms:\n    - ndcg@10\n    - { reward: ild@10, weight: .inf }\n');
    const message = oneLineError(await bladeInProcess(['train', 'bon', '--config', 'inf.yaml', '--init', 'none.bct'], dir));
    expect(message).toBe(`${file}: objective.terms[1].weight: must be a finite number (rule: type)`);
  });

  test('.nan in a plugin option and normalize: range on an unbounded reward are named too', async () => {
    const file = write('nan.yaml', 'objective:\n  terms:\n    - { reward: exposure-gap@10, options: { alpha: .nan } }\n');
    expect(oneLineError(await bladeInProcess(['train', 'bon', '--config', 'nan.yaml'], dir))).toBe(
      `${file}: objective.terms[0].options.alpha: must be a finite number (rule: type, plugin: @bladerec/reward-fairness)`,
    );
  });

  test('a bug in a command is an internal error (exit 3, with its trace), never an uncaught exception', async () => {
    const command: CliContribution = {
      register: (program) => void program.command('boom').action(() => {
        throw new TypeError('something is undefined');
      }),
    };
    const buggy = new ContainerModule(({ bind }) => void bind(CliContribution).toConstantValue(command));
    const r = await bladeInProcess(['boom'], dir, { modules: [buggy] });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^blade: internal error \(a bug; please report it with this trace\):\nTypeError: something is undefined\n\s+at /);
  });
});

describe('metric names: K is bounded', () => {
  const evalArgs = (metric: string) => ['eval', '--lists', 'lists.jsonl', '--truth', 'truth.jsonl', '--metric', metric];
  test.each([['ndcg@99999999999999999999'], ['ndcg@2147483648'], ['recall@10001']])('%s is refused before any work', async (metric) => {
    expect(oneLineError(await bladeInProcess(evalArgs(metric), fixtures))).toBe(
      `'${metric}': the cutoff ${metric.slice(metric.indexOf('@') + 1)} is above the limit of 10000 (MAX_CUTOFF)`,
    );
  });
  test('an option k above the limit is refused by every metric the same way', async () => {
    expect(oneLineError(await bladeInProcess(evalArgs('ndcg:k=50000'), fixtures))).toBe(
      "metric 'ndcg' options.k: must be <= 10000 (the cutoff limit MAX_CUTOFF) (rule: maximum, plugin: @bladerec/reward-ndcg)",
    );
  });
  test('K = 10000 is accepted', async () => {
    const r = await bladeInProcess([...evalArgs('ndcg@10000'), '--json'], fixtures);
    expect(r.code, r.stderr).toBe(0);
  });
});
