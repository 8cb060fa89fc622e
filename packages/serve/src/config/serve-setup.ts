import { dirname, resolve } from 'node:path';
import {
  type AlignmentComponents,
  BladeConfigError,
  BladeUserError,
  type Catalog,
  type ComposedObjective,
  type ObjectiveFactory,
  readConfigFile,
} from '@bladerec/core';
import { createAjv, issuesFromAjv } from '@bladerec/core/internal';
import { readCatalogFile } from '@bladerec/data';
import { type ComponentSpec, mergeComponent, TARGET_PRESETS } from '@bladerec/estimators';
import { ServeOptions } from './serve-options.js';

/** The `align` schema's default components (the trainer's `align.prior/evidence/target` defaults). */
const DEFAULT_COMPONENTS = {
  prior: { kind: 'reservoir', options: {} },
  evidence: { kind: 'mid-rank', options: {} },
  target: { kind: 'dp-beta', options: {} },
};

/** Everything `blade serve` reads from a config file, resolved. */
export interface ServeSetup {
  readonly options: ServeOptions;
  readonly objective: ComposedObjective;
  /** The target preset (`blade`, `vbon`, `bond`). */
  readonly algorithm: keyof typeof TARGET_PRESETS;
  /** Prior store, evidence and target estimator as the trainer would build them from this config. */
  readonly components: {
    readonly prior: ComponentSpec;
    readonly evidence: ComponentSpec;
    readonly target: ComponentSpec;
  };
  /** `per-term` (a prior per objective term) or `sum` (one prior of the total), as `align.terms`. */
  readonly mode: 'per-term' | 'sum';
  readonly catalog?: Catalog;
  /** The folder relative paths of the config resolve from. */
  readonly configDir: string;
}

/** What {@link resolveServeSetup} needs from the container. */
export interface ServeSetupDeps {
  readonly objectives: ObjectiveFactory;
  readonly components: AlignmentComponents;
}

/** Reads `file` and {@link resolveServeSetup}s it. */
export async function loadServeSetup(file: string, deps: ServeSetupDeps): Promise<ServeSetup> {
  try {
    return await resolveServeSetup(await readConfigFile(file), dirname(file), deps);
  } catch (error) {
    if (error instanceof BladeConfigError) throw new BladeConfigError(error.issues, { file });
    throw error;
  }
}

/**
 * Resolves a training config for serving: the `objective` (as `blade train` builds it), the target
 * components (`align.algorithm`'s preset under the user's `align.prior/evidence/target`, merged as the
 * trainer merges them), `align.terms`, and the `serve` section (defaults filled in).
 * @throws BladeConfigError naming each bad field; BladeUserError for an algorithm without a target
 */
export async function resolveServeSetup(
  document: unknown,
  configDir: string,
  deps: ServeSetupDeps,
): Promise<ServeSetup> {
  const doc = (typeof document === 'object' && document !== null && !Array.isArray(document) ? document : {}) as Record<
    string,
    unknown
  >;
  const serve = structuredClone(doc['serve'] ?? {});
  const validate = createAjv().compile(ServeOptions);
  if (!validate(serve)) throw new BladeConfigError(issuesFromAjv(validate.errors, 'serve'));
  const options = serve as ServeOptions;
  const objective = deps.objectives.create(doc['objective'] ?? { terms: ['ndcg@10'] }, { path: 'objective' });
  const align = (doc['align'] ?? {}) as Record<string, unknown>;
  const algorithm = (options.algorithm ?? align['algorithm'] ?? 'blade') as string;
  if (!(algorithm in TARGET_PRESETS)) {
    throw new BladeUserError(
      `align.algorithm '${algorithm}' has no Best-of-N target to serve; set serve.algorithm to one of ${Object.keys(TARGET_PRESETS).join(', ')}`,
    );
  }
  const preset = TARGET_PRESETS[algorithm as keyof typeof TARGET_PRESETS] as Record<string, ComponentSpec | undefined>;
  const pick = (key: 'prior' | 'evidence' | 'target'): ComponentSpec =>
    mergeComponent(preset[key], align[key] as Partial<ComponentSpec> | undefined) ?? DEFAULT_COMPONENTS[key];
  const components = { prior: pick('prior'), evidence: pick('evidence'), target: pick('target') };
  for (const key of ['prior', 'evidence', 'target'] as const)
    deps.components.create(key, components[key], { path: `align.${key}.options` });
  const terms = align['terms'] ?? 'per-term';
  if (terms !== 'per-term' && terms !== 'sum')
    throw new BladeConfigError([{ path: 'align.terms', message: "must be 'per-term' or 'sum'", rule: 'enum' }]);
  const mode = objective.terms.length > 1 ? terms : 'sum';
  const catalog = options.catalog ? await readCatalogFile(resolve(configDir, options.catalog)) : undefined;
  const sideInputs = ['categories', 'groups', 'embeddings', 'popularity'];
  const needsCatalog = objective.meta.requires.filter((r) => sideInputs.includes(r));
  if (!catalog && needsCatalog.length > 0) {
    throw new BladeConfigError([
      {
        path: 'serve.catalog',
        message: `the objective reads item ${needsCatalog.join(', ')}: set serve.catalog`,
        rule: 'required',
      },
    ]);
  }
  return { options, objective, algorithm: algorithm as ServeSetup['algorithm'], components, mode, catalog, configDir };
}
