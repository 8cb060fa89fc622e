/**
 * The pure half of the study harness (experiments/study.mjs): reading the study config, planning
 * the runs of each phase, deciding which runs still have to run, and choosing each arm's KL
 * coefficient from validation results only. No file system or process access here, so that
 * tests/study.test.ts can check it.
 */

/** Align keys that set the sample budget: the same for every arm (arms may not override them). */
export const BUDGET_KEYS = ['steps', 'contextsPerStep', 'groupSize', 'listLength', 'maxRollouts', 'seed'];

/** Throws a one-line error naming the config field. */
function fail(field, reason) {
  throw new Error(`study config: ${field}: ${reason}`);
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks the study config's shape and fills the profile; returns `{ ...config, profile }`.
 * @param {any} config the parsed study YAML/JSON
 * @param {string} profileName a key of `config.profiles`
 */
export function resolveStudy(config, profileName) {
  if (!isObject(config)) fail('(root)', 'expected a mapping');
  for (const key of ['profiles', 'arms', 'objectives', 'datasets'])
    if (!isObject(config[key])) fail(key, 'expected a mapping');
  if (typeof config.klPath !== 'string' || config.klPath === '')
    fail('klPath', 'expected a dotted path inside align, e.g. klCoef or kl.coef');
  if (typeof config.select !== 'string') fail('select', 'expected a metric name, e.g. ndcg@10');
  const profile = config.profiles[profileName];
  if (!isObject(profile))
    fail('profiles', `no profile '${profileName}' (have ${Object.keys(config.profiles).join(', ')})`);
  const at = (f) => `profiles.${profileName}.${f}`;
  if (typeof profile.runsDir !== 'string') fail(at('runsDir'), 'expected a folder name under experiments/runs');
  if (!isObject(profile.seeds) || !Array.isArray(profile.seeds.sweep) || !Array.isArray(profile.seeds.final))
    fail(at('seeds'), 'expected { sweep: [...], final: [...] }');
  for (const s of [...profile.seeds.sweep, ...profile.seeds.final])
    if (!Number.isInteger(s)) fail(at('seeds'), `seeds are integers, got ${JSON.stringify(s)}`);
  if (
    !Array.isArray(profile.klGrid) ||
    profile.klGrid.length === 0 ||
    profile.klGrid.some((c) => typeof c !== 'number' || c < 0)
  ) {
    fail(at('klGrid'), 'expected a non-empty list of coefficients ≥ 0');
  }
  if (!isObject(profile.align)) fail(at('align'), 'expected a mapping');
  for (const [name, arm] of Object.entries(config.arms)) {
    if (!isObject(arm)) fail(`arms.${name}`, 'expected a mapping');
    if (arm.kind !== undefined && !['reference', 'bon'].includes(arm.kind))
      fail(`arms.${name}.kind`, `must be 'reference' or 'bon', got '${arm.kind}'`);
    if (arm.kind === undefined && typeof arm.preset !== 'string')
      fail(`arms.${name}.preset`, 'a trained arm names its preset (blade train <preset>)');
    if (arm.kind === 'bon' && !Number.isInteger(arm.n)) fail(`arms.${name}.n`, 'Best-of-n needs an integer n');
    for (const key of BUDGET_KEYS)
      if (arm.align && key in arm.align)
        fail(`arms.${name}.align.${key}`, 'the budget is matched across arms: set it in the profile');
  }
  for (const [name, ds] of Object.entries(config.datasets)) {
    if (typeof ds.recipe !== 'string') fail(`datasets.${name}.recipe`, 'expected the SFT recipe file');
    if (!isObject(ds.settings) || Object.keys(ds.settings).length === 0)
      fail(`datasets.${name}.settings`, 'expected at least one setting');
    for (const [s, setting] of Object.entries(ds.settings)) {
      if (!(setting.objective in config.objectives))
        fail(`datasets.${name}.settings.${s}.objective`, `unknown objective '${setting.objective}'`);
      for (const key of BUDGET_KEYS)
        if (setting.align && key in setting.align)
          fail(`datasets.${name}.settings.${s}.align.${key}`, 'the budget is set in the profile');
    }
  }
  for (const [name, objective] of Object.entries(config.objectives)) {
    if (!isObject(objective) || !Array.isArray(objective.terms)) fail(`objectives.${name}.terms`, 'expected a list');
    if (objective.select !== undefined && typeof objective.select !== 'string')
      fail(`objectives.${name}.select`, 'expected a metric name, e.g. objective');
  }
  for (const b of config.baselines ?? []) if (!(b in config.arms)) fail('baselines', `unknown arm '${b}'`);
  if (profile.settings !== undefined && !isObject(profile.settings))
    fail(at('settings'), 'expected { dataset: [setting, ...] }');
  return { ...config, profileName, profile };
}

/** The arms trained with a KL coefficient (everything but the reference and Best-of-n). */
export const trainedArms = (study) =>
  Object.entries(study.arms)
    .filter(([, a]) => a.kind === undefined)
    .map(([name]) => name);

/** The settings of a data set this profile runs (a profile may name a subset). */
export function settingsOf(study, dataset) {
  const all = Object.keys(study.datasets[dataset].settings);
  const only = study.profile.settings?.[dataset];
  if (only === undefined) return all;
  for (const s of only)
    if (!all.includes(s)) fail(`profiles.${study.profileName}.settings.${dataset}`, `unknown setting '${s}'`);
  return only;
}

/** Sets `value` at a dotted `path` of a copy of `object`. */
export function setPath(object, path, value) {
  const out = structuredClone(object);
  const keys = path.split('.');
  let node = out;
  for (const k of keys.slice(0, -1)) node = node[k] = isObject(node[k]) ? node[k] : {};
  node[keys.at(-1)] = value;
  return out;
}

/** Deep merge of plain objects (arrays and scalars of `over` replace). */
export function merge(base, over) {
  if (!isObject(base) || !isObject(over)) return over === undefined ? structuredClone(base) : structuredClone(over);
  const out = structuredClone(base);
  for (const [k, v] of Object.entries(over))
    out[k] = isObject(v) && isObject(out[k]) ? merge(out[k], v) : structuredClone(v);
  return out;
}

/** The objective of a setting, with the data set's fairness term in place of `fairness`. */
export function objectiveOf(study, dataset, setting) {
  const { select: _select, ...spec } = study.objectives[study.datasets[dataset].settings[setting].objective];
  return { ...spec, terms: spec.terms.map((t) => (t === 'fairness' ? study.datasets[dataset].fairness : t)) };
}

/**
 * The metric validation picks coefficients and kept steps on, and the report ranks on, for one setting:
 * the objective's own `select` (a composite objective selects on `objective`, its weighted total), else
 * the study's `select`.
 */
export function selectOf(study, dataset, setting) {
  return study.objectives[study.datasets[dataset].settings[setting].objective].select ?? study.select;
}

/**
 * The metrics an alignment run of a setting evaluates: the data set's; with an objective-level `select`,
 * that metric first (and monitored by keepBest) and the fairness term as a metric of its own, so that
 * test reports the objective next to each of its terms.
 */
function metricsOf(study, dataset, setting) {
  const ds = study.datasets[dataset];
  const metrics = [...ds.metrics];
  const metricOptions = structuredClone(ds.metricOptions ?? {});
  const spec = study.objectives[ds.settings[setting].objective];
  if (spec.select === undefined) return { metrics, metricOptions };
  const out = [spec.select, ...metrics.filter((m) => m !== spec.select)];
  if (spec.terms.includes('fairness')) {
    const { k, ...options } = ds.fairness.options ?? {};
    const name = `${ds.fairness.reward}@${k ?? 10}`;
    if (!out.includes(name)) out.push(name);
    if (Object.keys(options).length > 0) metricOptions[name] = options;
  }
  return { metrics: out, metricOptions, monitor: spec.select };
}

/** A coefficient as a folder name: kl0.003. */
export const klLabel = (coef) => `kl${coef}`;

/**
 * The SFT runs: one per seed used by any phase.
 * @param {{ recipe: object, dataPath?: string }} inputs the parsed recipe and the data folder (absolute)
 * @returns {{ id: string, dir: string, command: string[], config: any }[]} dirs relative to the runs root
 */
export function planSft(study, dataset, inputs) {
  const seeds = [...new Set([...study.profile.seeds.sweep, ...study.profile.seeds.final])].sort((a, b) => a - b);
  const data = dataOf(study, dataset, inputs);
  return seeds.map((seed) => ({
    id: `${dataset}/seed${seed}/sft`,
    phase: 'sft',
    dataset,
    seed,
    dir: `${dataset}/seed${seed}/sft`,
    command: ['train', 'sft'],
    config: { ...inputs.recipe, data, sft: { ...merge(inputs.recipe.sft ?? {}, study.profile.sft ?? {}), seed } },
  }));
}

function dataOf(study, dataset, inputs) {
  const data = merge(inputs.recipe.data ?? {}, study.profile.data?.[dataset] ?? {});
  if (inputs.dataPath !== undefined) data.path = inputs.dataPath;
  return data;
}

/** One alignment (or Best-of-n) run of an arm; `coef` undefined for Best-of-n. */
function armRun(study, dataset, setting, arm, seed, coef, inputs, phase) {
  const spec = study.arms[arm];
  const ds = study.datasets[dataset];
  const init = `${dataset}/seed${seed}/sft/model.bct`;
  let align = merge(
    merge({ ...study.profile.align, ...metricsOf(study, dataset, setting) }, ds.settings[setting].align ?? {}),
    spec.align ?? {},
  );
  align.seed = seed;
  if (coef !== undefined) align = setPath(align, study.klPath, coef);
  const config = { data: dataOf(study, dataset, inputs), objective: objectiveOf(study, dataset, setting), align };
  const leaf = coef === undefined ? `seed${seed}` : `${klLabel(coef)}/seed${seed}`;
  const command = spec.kind === 'bon' ? ['train', 'bon', '--n', String(spec.n)] : ['train', spec.preset];
  return {
    id: `${dataset}/${setting}/${arm}/${leaf}`,
    phase,
    dataset,
    setting,
    arm,
    seed,
    coef,
    dir: `${dataset}/${setting}/${arm}/${leaf}`,
    init,
    command,
    config,
  };
}

/** The sweep: every trained arm × the KL grid × the sweep seeds, per setting (validation decides). */
export function planSweep(study, dataset, inputs) {
  const runs = [];
  for (const setting of settingsOf(study, dataset)) {
    for (const arm of trainedArms(study)) {
      for (const coef of study.profile.klGrid)
        for (const seed of study.profile.seeds.sweep)
          runs.push(armRun(study, dataset, setting, arm, seed, coef, inputs, 'sweep'));
    }
  }
  return runs;
}

/**
 * The grid phase (a sensitivity analysis, never part of the selection): the named trained arms at every
 * coefficient of the KL grid on every final seed. Runs that the sweep or the final phase already made are the
 * same runs (same folders), so only the missing (coefficient, seed) pairs train.
 * @param {string[]} arms trained arms of the study
 */
export function planGrid(study, dataset, inputs, arms) {
  const trained = trainedArms(study);
  for (const arm of arms)
    if (!trained.includes(arm)) throw new Error(`grid: '${arm}' is not a trained arm (have ${trained.join(', ')})`);
  const runs = [];
  for (const setting of settingsOf(study, dataset))
    for (const arm of arms)
      for (const coef of study.profile.klGrid)
        for (const seed of study.profile.seeds.final)
          runs.push(armRun(study, dataset, setting, arm, seed, coef, inputs, 'grid'));
  return runs;
}

/**
 * The final phase: each trained arm at its chosen coefficient and Best-of-n, on the final seeds.
 * A final run with the same setting, arm, coefficient and seed as a sweep run is the same run (same
 * folder), so it is not repeated; its test split is still evaluated once.
 * @param {Record<string, Record<string, { coef: number }>>} selection setting → arm → chosen coefficient
 */
export function planFinal(study, dataset, inputs, selection) {
  const runs = [];
  for (const setting of settingsOf(study, dataset)) {
    for (const [arm, spec] of Object.entries(study.arms)) {
      if (spec.kind === 'reference') continue;
      let coef;
      if (spec.kind !== 'bon') {
        coef = selection[setting]?.[arm]?.coef;
        if (coef === undefined)
          throw new Error(`no coefficient chosen for ${dataset}/${setting}/${arm}: run the sweep phase first`);
      }
      for (const seed of study.profile.seeds.final)
        runs.push(armRun(study, dataset, setting, arm, seed, coef, inputs, 'final'));
    }
  }
  return runs;
}

/**
 * What to do with a run folder: 'done' (summary.json exists: skip), 'resume' (a checkpoint, no
 * summary: continue with --resume), 'start'.
 * @param {(file: string) => boolean} exists whether a file inside the run folder exists
 */
export function runState(exists) {
  if (exists('summary.json')) return 'done';
  if (exists('checkpoint.bct')) return 'resume';
  return 'start';
}

/**
 * Picks each arm's KL coefficient per setting: the highest mean over the sweep seeds of the kept
 * step's validation value (`validation`, never a test number); ties go to the earlier grid entry.
 * Every (arm, coefficient) needs a result for every sweep seed.
 * @param {{ setting: string, arm: string, coef: number, seed: number, validation: number }[]} results
 * @returns setting → arm → { coef, validation (mean), byCoef: { [coef]: mean } }
 */
export function selectCoefficients(study, results) {
  const out = {};
  const grid = study.profile.klGrid;
  const seeds = study.profile.seeds.sweep;
  const settings = [...new Set(results.map((r) => r.setting))];
  for (const setting of settings) {
    out[setting] = {};
    for (const arm of trainedArms(study)) {
      const byCoef = {};
      for (const coef of grid) {
        const values = seeds.map(
          (seed) =>
            results.find((r) => r.setting === setting && r.arm === arm && r.coef === coef && r.seed === seed)
              ?.validation,
        );
        if (values.some((v) => typeof v !== 'number' || Number.isNaN(v)))
          throw new Error(
            `sweep incomplete: ${setting}/${arm}/${klLabel(coef)} lacks a validation value ` +
              `for seeds ${seeds.join(', ')}`,
          );
        byCoef[coef] = values.reduce((a, b) => a + b, 0) / values.length;
      }
      let best = grid[0];
      for (const coef of grid) if (byCoef[coef] > byCoef[best]) best = coef;
      out[setting][arm] = { coef: best, validation: byCoef[best], byCoef };
    }
  }
  return out;
}
