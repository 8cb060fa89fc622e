import {
  type CorpusMetricDefinition,
  CorpusMetricRegistry,
  type ItemSide,
  type ListRewardDefinition,
  ListRewardRegistry,
  rewardInputsFromArrays,
  type RewardInput,
} from '@bladerec/core';
import { createAjv, DEFINITION_ID } from '@bladerec/core/internal';
import type fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioLimits } from './arbitraries/scenario-arbitrary.js';
import type { ReferenceCorpus, ReferenceExample } from './arbitraries/scenario.js';
import { corpusChecks } from './properties/corpus-checks.js';
import { rewardChecks } from './properties/reward-checks.js';
import { type Check, type CorpusSubject, type RewardSubject, skippedBecause } from './properties/subject.js';

const INPUTS: readonly RewardInput[] = ['relevance', 'history', 'categories', 'groups', 'embeddings', 'popularity'];
const REWARD_PROPERTIES = [
  'order-invariant',
  'relevance-monotone',
  'cutoff-invariant',
  'group-relabel-invariant',
  'category-relabel-invariant',
  'duplicates-ignored',
];
const CORPUS_PROPERTIES = ['group-relabel-invariant', 'category-relabel-invariant'];

/** A hand-computed expectation: small inputs and the scores written out in the test. */
export interface RewardCase<O> {
  readonly name: string;
  readonly options?: Partial<O>;
  readonly lists: readonly (readonly number[])[];
  readonly relevant?: ReadonlyArray<readonly number[] | ReadonlyMap<number, number>>;
  readonly history?: readonly (readonly number[])[];
  readonly items?: Partial<ItemSide> & { numItems: number };
  /** One expected score per list. */
  readonly expected: readonly number[];
}

/** Options the schema must reject, optionally with the expected path/rule of the first issue. */
export interface InvalidOptionsCase {
  readonly options: Record<string, unknown>;
  readonly path?: string;
  readonly rule?: string;
}

/** What a plugin author tells {@link RewardTester} about a reward. */
export interface RewardTestSpec<O> {
  /** Option sets to test (defaults are filled in); default: the defaults only. */
  readonly options?: readonly Partial<O>[];
  /** Slow, readable implementation the fast one must agree with. */
  readonly reference?: (example: ReferenceExample, options: O) => number;
  readonly cases?: readonly RewardCase<O>[];
  readonly invalidOptions?: readonly InvalidOptionsCase[];
  readonly limits?: ScenarioLimits;
  /** Relative tolerance for comparisons that reorder sums (default 1e-9). */
  readonly tolerance?: number;
}

/** What a plugin author tells {@link RewardTester} about a corpus metric. */
export interface CorpusMetricTestSpec<O> {
  readonly options?: readonly Partial<O>[];
  readonly reference?: (corpus: ReferenceCorpus, options: O) => number;
  readonly cases?: readonly (Omit<RewardCase<O>, 'expected'> & { expected: number })[];
  readonly invalidOptions?: readonly InvalidOptionsCase[];
  readonly limits?: ScenarioLimits;
  readonly tolerance?: number;
}

/** fast-check settings of a tester. */
export interface TesterConfig {
  /** Generated scenarios per property (default 100). */
  readonly numRuns?: number;
  /** Fixed seed for reproducible runs (default: fast-check's random seed, printed on failure). */
  readonly seed?: number;
}

/**
 * Conformance harness for reward plugins, in the spirit of ESLint's `RuleTester`: call `run` at the
 * top level of a vitest file and it registers one test per check and option set.
 *
 * Checks for list rewards: valid metadata and schema; finite scores inside the declared range;
 * determinism; batch = one-by-one; padding ignored; unknown items handled as declared; invariance
 * to renaming items; and each declared property (`order-invariant`, `relevance-monotone`,
 * `cutoff-invariant`, `duplicates-ignored`, `group-relabel-invariant`, `category-relabel-invariant`);
 * agreement with the reference implementation; the hand-computed cases; rejected options.
 *
 * @example
 * ```ts
 * new RewardTester({ numRuns: 200 }).run(ndcg, {
 *   options: [{ k: 10 }, { k: 3, gain: 'exp' }],
 *   reference: (ex, o) => ndcgReference(ex.list, ex.relevant, o),
 *   cases: [
 *     {
 *       name: 'hit at rank 2',
 *       options: { k: 10 },
 *       lists: [[0, 1]],
 *       relevant: [[1]],
 *       items: { numItems: 2 },
 *       expected: [1 / Math.log2(3)],
 *     },
 *   ],
 *   invalidOptions: [{ options: { k: 0 }, path: 'options.k', rule: 'minimum' }],
 * });
 * ```
 */
export class RewardTester {
  constructor(private readonly config: TesterConfig = {}) {}

  /** One `it` per check; a check that does not apply to the subject passes without running. */
  private registerChecks<S>(checks: readonly Check<S>[], make: () => S): void {
    for (const check of checks) {
      it(check.name, (context) => {
        const subject = make();
        const reason = skippedBecause(check, subject);
        if (reason !== undefined) return context.skip(`skipped: ${reason}`);
        check.run(subject, this.params());
      });
    }
  }

  private params(): fc.Parameters<unknown> {
    return {
      numRuns: this.config.numRuns ?? 100,
      ...(this.config.seed === undefined ? {} : { seed: this.config.seed }),
    };
  }

  /** Registers the conformance tests of a list reward. */
  run<O>(definition: ListRewardDefinition<O>, spec: RewardTestSpec<O> = {}): void {
    describe(`reward '${definition.meta.id}' conformance`, () => {
      it('declares valid metadata and an options schema with defaults', () => {
        checkDefinitionMeta(definition.meta, REWARD_PROPERTIES);
        expect(['zero-gain', 'skipped']).toContain(definition.meta.unknownItems);
        new ListRewardRegistry([definition as ListRewardDefinition]);
      });
      for (const partial of spec.options ?? [{}]) {
        describe(`options ${JSON.stringify(partial)}`, () => {
          const make = () => {
            const local = new ListRewardRegistry([definition as ListRewardDefinition]);
            const { options } = local.resolveOptions(definition.meta.id, partial as Record<string, unknown>);
            const reward = definition.create(options as O);
            const subject: RewardSubject = {
              reward,
              requires: reward.meta.requires,
              reference: spec.reference ? (ex) => spec.reference!(ex, options as O) : undefined,
              limits: spec.limits ?? {},
              tolerance: spec.tolerance ?? 1e-9,
            };
            return subject;
          };
          it('creates an instance with consistent metadata', () => {
            const { reward } = make();
            expect(reward.meta.id).toBe(definition.meta.id);
            expect(reward.meta.name.length).toBeGreaterThan(0);
            const [lo, hi] = reward.meta.range;
            expect(lo <= hi).toBe(true);
            if (reward.meta.properties.includes('cutoff-invariant')) expect(reward.meta.cutoff).toBeGreaterThan(0);
            for (const r of reward.meta.requires) expect(INPUTS).toContain(r);
          });
          this.registerChecks(rewardChecks, make);
        });
      }
      for (const c of spec.cases ?? []) {
        it(`computes the hand-checked case: ${c.name}`, () => {
          const reward = new ListRewardRegistry([definition as ListRewardDefinition]).create(
            definition.meta.id,
            (c.options ?? {}) as Record<string, unknown>,
          );
          const inputs = rewardInputsFromArrays({
            lists: c.lists,
            relevant: c.relevant,
            history: c.history,
            items: c.items ?? { numItems: 1 + Math.max(0, ...c.lists.flat()) },
          });
          const got = Array.from(reward.score(inputs)).slice(0, c.lists.length);
          expect(got.length).toBe(c.expected.length);
          got.forEach((x, b) => expect(x, `list ${b}`).toBeCloseTo(c.expected[b]!, 12));
        });
      }
      for (const bad of spec.invalidOptions ?? []) {
        it(`rejects options ${JSON.stringify(bad.options)}`, () => {
          const local = new ListRewardRegistry([definition as ListRewardDefinition]);
          expectRejected(() => local.resolveOptions(definition.meta.id, bad.options), bad);
        });
      }
    });
  }

  /** Registers the conformance tests of a corpus metric. */
  runCorpus<O>(definition: CorpusMetricDefinition<O>, spec: CorpusMetricTestSpec<O> = {}): void {
    describe(`corpus metric '${definition.meta.id}' conformance`, () => {
      it('declares valid metadata and an options schema with defaults', () => {
        checkDefinitionMeta(definition.meta, CORPUS_PROPERTIES);
        new CorpusMetricRegistry([definition as CorpusMetricDefinition]);
      });
      for (const partial of spec.options ?? [{}]) {
        describe(`options ${JSON.stringify(partial)}`, () => {
          const make = (): CorpusSubject => {
            const local = new CorpusMetricRegistry([definition as CorpusMetricDefinition]);
            const { options } = local.resolveOptions(definition.meta.id, partial as Record<string, unknown>);
            const metric = definition.create(options as O);
            return {
              metric,
              requires: metric.meta.requires,
              reference: spec.reference ? (corpus) => spec.reference!(corpus, options as O) : undefined,
              properties: metric.meta.properties,
              limits: spec.limits ?? {},
              tolerance: spec.tolerance ?? 1e-9,
            };
          };
          this.registerChecks(corpusChecks, make);
        });
      }
      for (const c of spec.cases ?? []) {
        it(`computes the hand-checked case: ${c.name}`, () => {
          const metric = new CorpusMetricRegistry([definition as CorpusMetricDefinition]).create(
            definition.meta.id,
            (c.options ?? {}) as Record<string, unknown>,
          );
          const inputs = rewardInputsFromArrays({
            lists: c.lists,
            relevant: c.relevant,
            history: c.history,
            items: c.items ?? { numItems: 1 + Math.max(0, ...c.lists.flat()) },
          });
          expect(metric.compute(inputs)).toBeCloseTo(c.expected, 12);
        });
      }
      for (const bad of spec.invalidOptions ?? []) {
        it(`rejects options ${JSON.stringify(bad.options)}`, () => {
          const local = new CorpusMetricRegistry([definition as CorpusMetricDefinition]);
          expectRejected(() => local.resolveOptions(definition.meta.id, bad.options), bad);
        });
      }
    });
  }
}

function checkDefinitionMeta(
  meta: ListRewardDefinition['meta'] | CorpusMetricDefinition['meta'],
  knownProperties: readonly string[],
): void {
  expect(meta.id).toMatch(DEFINITION_ID);
  expect(meta.description.trim().length).toBeGreaterThan(0);
  expect(typeof meta.higherIsBetter).toBe('boolean');
  for (const p of meta.properties) expect(knownProperties).toContain(p);
  if (Array.isArray(meta.requires)) for (const r of meta.requires) expect(INPUTS).toContain(r);
  const validate = createAjv().compile(meta.schema);
  const defaults: Record<string, unknown> = {};
  expect(
    validate(defaults),
    `the empty options object must validate (give every option a default): ${JSON.stringify(validate.errors)}`,
  ).toBe(true);
  if (meta.atParameter)
    expect(
      (meta.schema as { properties?: Record<string, unknown> }).properties?.[meta.atParameter],
      `atParameter '${meta.atParameter}' must be an option`,
    ).toBeDefined();
}

function expectRejected(fn: () => unknown, bad: InvalidOptionsCase): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, `options ${JSON.stringify(bad.options)} were accepted`).toBeDefined();
  const issues = (error as { issues?: { path: string; rule: string }[] }).issues ?? [];
  if (bad.path) expect(issues.map((i) => i.path)).toContain(bad.path);
  if (bad.rule) expect(issues.map((i) => i.rule)).toContain(bad.rule);
}
