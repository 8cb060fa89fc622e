/**
 * The worker pool of the fused kernels: core's {@link KernelPool} (one implementation for the training
 * kernels here and the metric kernels of the plugins).
 */
export { defaultKernelThreads, KernelPool, MAX_PAGES, PAGE, type PoolModule } from '@bladerec/core/internal';
