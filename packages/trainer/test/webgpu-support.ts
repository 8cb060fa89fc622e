import { describeAdapter, queryWebGpuAdapter } from '../src/internal.js';

/**
 * Why the webgpu tests cannot run here (no Dawn, or no adapter), or undefined when an adapter exists.
 * With `BLADE_REQUIRE_WEBGPU=1` (set by `.ci/run` once Mesa's software Vulkan is installed) a
 * missing adapter is an error instead of a skip.
 */
export async function webgpuSkipReason(): Promise<string | undefined> {
  const query = await queryWebGpuAdapter();
  const reason =
    query.status === 'missing'
      ? query.reason
      : query.status === 'no-adapter'
        ? 'Dawn found no WebGPU adapter (install a GPU driver, or Mesa >= 25 lavapipe: .ci/software-vulkan.sh)'
        : undefined;
  if (reason !== undefined && process.env['BLADE_REQUIRE_WEBGPU'] === '1') {
    throw new Error(`BLADE_REQUIRE_WEBGPU=1 but the webgpu backend cannot run: ${reason}`);
  }
  if (reason === undefined && query.status === 'adapter') adapterName = describeAdapter(query.info);
  // the default reporter lists skipped files without their titles: say why here
  else console.warn(`webgpu tests skipped: ${reason}`);
  return reason;
}

let adapterName = '';

/** A suite title that names the adapter, or says why the suite is skipped. */
export function webgpuSuite(title: string, skip: string | undefined): string {
  return skip === undefined ? `${title} (${adapterName})` : `${title} — skipped: ${skip}`;
}
