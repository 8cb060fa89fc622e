import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BladeUserError } from '@bladerec/core';

/**
 * The SFT model a command starts from: `--init` (relative to the working directory) or `align.init` (relative to the
 * config).
 */
export function resolveInit(
  flag: string | undefined,
  configured: string | undefined,
  cwd: string,
  configDir: string,
): string {
  const path = flag ? resolve(cwd, flag) : configured ? resolve(configDir, configured) : undefined;
  if (!path)
    throw new BladeUserError(
      'alignment starts from an SFT model: give --init <model.bct> or align.init (train one with `blade train sft`)',
    );
  if (!existsSync(path))
    throw new BladeUserError('no such model file (train one with `blade train sft`)', { file: path });
  return path;
}
