/**
 * @bladerec/testkit — the conformance kit every reward plugin runs in its own vitest suite.
 *
 * - {@link RewardTester}: registers the conformance tests of a list reward or corpus metric.
 * - {@link scenarioArbitrary}: fast-check arbitraries of small evaluation problems, for your own properties.
 * - the individual checks (`rewardChecks`, `corpusChecks`) for use outside vitest.
 */
export * from './arbitraries/scenario.js';
export * from './arbitraries/scenario-arbitrary.js';
export * from './properties/subject.js';
export * from './properties/compare.js';
export * from './properties/reward-checks.js';
export * from './properties/corpus-checks.js';
export * from './reward-tester.js';
