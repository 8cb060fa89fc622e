import { resolve } from 'node:path';
import type { AlignmentComponents, PriorStore } from '@bladerec/core';
import type { ServeSetup } from '../config/serve-setup.js';
import { MemoryPriorBackend } from '../store/memory-prior-backend.js';
import type { PriorBackend } from '../store/prior-backend.js';
import { RedisPriorBackend } from '../store/redis-prior-backend.js';
import { BladeService } from './blade-service.js';

/**
 * The service of a resolved config with its prior backend: in memory (restored from its snapshot) or
 * on Redis (`redisUrl` overrides `serve.store.url`; the log replayed). Close it with `service.backend.close()`.
 */
export async function openService(
  setup: ServeSetup,
  components: AlignmentComponents,
  overrides: { readonly redisUrl?: string } = {},
): Promise<BladeService> {
  const prior = components.create('prior', setup.components.prior) as PriorStore;
  const store = setup.options.store;
  let backend: PriorBackend;
  if (store.kind === 'redis') {
    const settings = { prior: setup.components.prior, objective: setup.objective.meta.name, mode: setup.mode };
    const url = overrides.redisUrl ?? store.url ?? 'redis://127.0.0.1:6379';
    backend = await RedisPriorBackend.connect(prior, { url, prefix: store.prefix ?? 'bladerec', settings });
  } else {
    const snapshot = store.snapshot
      ? { file: resolve(setup.configDir, store.snapshot), everyMs: store.snapshotEveryMs ?? 5000 }
      : undefined;
    backend = new MemoryPriorBackend(prior, snapshot);
  }
  return new BladeService(setup, components, backend);
}
