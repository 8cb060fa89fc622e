import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BladeUserError } from '@bladerec/core';
import type { PluginKind, PluginNames } from './plugin-names.js';
import { commonFiles, type KindTemplate } from './templates/common-files.js';
import { evidenceTemplate } from './templates/evidence-template.js';
import { loaderTemplate } from './templates/loader-template.js';
import { metricTemplate } from './templates/metric-template.js';
import { priorTemplate } from './templates/prior-template.js';
import { rewardTemplate } from './templates/reward-template.js';
import { targetTemplate } from './templates/target-template.js';

const templates: Record<PluginKind, (names: PluginNames) => KindTemplate> = {
  reward: rewardTemplate,
  metric: metricTemplate,
  prior: priorTemplate,
  evidence: evidenceTemplate,
  target: targetTemplate,
  loader: loaderTemplate,
};

/** The files of a standalone plugin package of `names.kind`, by relative path. */
export function pluginFiles(names: PluginNames): Record<string, string> {
  return commonFiles(names, templates[names.kind](names));
}

/**
 * Writes the plugin package into `dir` (created; it must not exist or be empty) and returns the
 * relative paths written.
 * @throws BladeUserError when `dir` holds files
 */
export function writePluginScaffold(dir: string, names: PluginNames): string[] {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new BladeUserError('folder is not empty; choose another with --dir', { file: dir });
  const files = pluginFiles(names);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return Object.keys(files);
}
