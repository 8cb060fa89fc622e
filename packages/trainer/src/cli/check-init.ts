import { BladeUserError, type CliIo } from '@bladerec/core';
import { readModelInfo } from '../checkpoint/model-file.js';
import type { DataConfig } from '../config/data-config.js';
import type { TransformerConfig } from '../model/transformer-config.js';

/** The fields of a model section that fix the architecture of a trained model. */
const ARCHITECTURE = ['layers', 'dModel', 'heads', 'ffnMultiplier', 'context'] as const;

/**
 * Checks the model a command starts from (`--init` / `align.init`) against the config, before any
 * backend loads: a `model` section that describes another architecture is an error (the model file
 * wins, so the section would be silently ignored); an alignment hold-out other than the one the SFT
 * run recorded is an error (alignment would run on contexts SFT trained on, or leave some unused); a
 * model file that records no hold-out gets a note when the config sets one.
 */
export function checkInit(path: string, config: { data: DataConfig; model?: TransformerConfig }, io: CliIo): void {
  const info = readModelInfo(path);
  if (config.model) {
    const differs = ARCHITECTURE.filter((f) => config.model![f] !== info.config[f]);
    if (differs.length > 0) {
      const detail = differs.map((f) => `model.${f} ${config.model![f]} vs ${info.config[f]}`).join(', ');
      throw new BladeUserError(
        `the config's model section differs from the model it starts from (${detail}); alignment keeps the model's architecture: remove the model section or make it match`,
        { file: path },
      );
    }
  }
  const recorded = info.meta['alignHoldout'];
  const { alignHoldout, holdoutSeed } = config.data;
  if (typeof recorded === 'number') {
    const seed = info.meta['holdoutSeed'];
    if (recorded !== alignHoldout || (alignHoldout > 0 && typeof seed === 'number' && seed !== holdoutSeed)) {
      throw new BladeUserError(
        `the SFT model was trained with data.alignHoldout ${recorded} (holdoutSeed ${String(seed)}), but this config sets ${alignHoldout} (holdoutSeed ${holdoutSeed}): ` +
          'alignment would not run on the contexts SFT held out; use the data section of the SFT run',
        { file: path },
      );
    }
  } else if (alignHoldout > 0) {
    io.err(
      `note: ${path} does not record the alignment hold-out it was trained with; check that data.alignHoldout ${alignHoldout} matches its SFT run\n`,
    );
  }
}
