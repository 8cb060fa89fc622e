/**
 * The TensorFlow.js instance every trainer module uses. We import the `@tensorflow/tfjs` union
 * package rather than `@tensorflow/tfjs-core` alone because only its Node bundle registers the
 * gradient functions autodiff needs (tfjs-core's `register_all_gradients` is ESM with
 * extension-less imports that Node cannot load). Backends register on the same global engine:
 * `cpu` from this import, `wasm` from `@tensorflow/tfjs-backend-wasm`, and the optional node
 * backends when present.
 */
import * as tf from '@tensorflow/tfjs';

// (`import * as` + `export { }` rather than `export * as`: API Extractor cannot follow the latter into tfjs)
export { tf };
