import { GELU_A, GELU_C } from './dense-kernel-module.js';

/**
 * Readable float64 definitions of the dense kernels (`DenseKernels`, `AdamKernel`); the property tests
 * hold the kernels to them.
 *
 * Layer norm over rows of width d: `μ = Σx/d`, `σ² = Σ(x − μ)²/d`, `x̂ = (x − μ)/√(σ² + ε)`,
 * `y = γ·x̂ + β`; for upstream `dy`, with `g = dy·γ`: `dx = (g − mean g − x̂·mean(g·x̂))/√(σ² + ε)`,
 * `dγ = Σ_rows dy·x̂`, `dβ = Σ_rows dy` (Ba, Kiros & Hinton 2016).
 */
export function layerNormReference(
  x: ArrayLike<number>,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  rows: number,
  d: number,
  epsilon: number,
  dy: ArrayLike<number>,
) {
  const y = new Float64Array(rows * d);
  const dx = new Float64Array(rows * d);
  const dgamma = new Float64Array(d);
  const dbeta = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let mu = 0;
    for (let k = 0; k < d; k++) mu += x[o + k]!;
    mu /= d;
    let variance = 0;
    for (let k = 0; k < d; k++) variance += (x[o + k]! - mu) ** 2;
    variance /= d;
    const rstd = 1 / Math.sqrt(variance + epsilon);
    let mg = 0;
    let mgx = 0;
    for (let k = 0; k < d; k++) {
      const xh = (x[o + k]! - mu) * rstd;
      y[o + k] = gamma[k]! * xh + beta[k]!;
      const g = dy[o + k]! * gamma[k]!;
      mg += g / d;
      mgx += (g * xh) / d;
      dgamma[k] += dy[o + k]! * xh;
      dbeta[k] += dy[o + k]!;
    }
    for (let k = 0; k < d; k++) {
      const xh = (x[o + k]! - mu) * rstd;
      dx[o + k] = rstd * (dy[o + k]! * gamma[k]! - mg - xh * mgx);
    }
  }
  return { y, dx, dgamma, dbeta };
}

/**
 * Bias + tanh GELU (Hendrycks & Gimpel 2016) over rows of width n: `u = x + b`,
 * `y = ½u(1 + tanh(√(2/π)(u + 0.044715u³)))`, and for upstream `dy`: `dx = dy·y'(u)`, `db = Σ_rows dx`.
 */
export function biasGeluReference(
  x: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  n: number,
  dy: ArrayLike<number>,
) {
  const y = new Float64Array(rows * n);
  const dx = new Float64Array(rows * n);
  const db = new Float64Array(n);
  const k0 = GELU_C / 2;
  for (let i = 0; i < rows * n; i++) {
    const u = x[i]! + b[i % n]!;
    const t = Math.tanh(k0 * (u + GELU_A * u ** 3));
    y[i] = 0.5 * u * (1 + t);
    const slope = 0.5 * (1 + t) + 0.5 * u * (1 - t * t) * k0 * (1 + 3 * GELU_A * u * u);
    dx[i] = dy[i]! * slope;
    db[i % n] += dx[i]!;
  }
  return { y, dx, db };
}

/**
 * One AdamW step (Kingma & Ba 2015; Loshchilov & Hutter 2019) in float64: `m ← β₁m + (1−β₁)g`,
 * `v ← β₂v + (1−β₂)g²`, `θ ← θ − lr·((m/(1−β₁ᵗ))/(√(v/(1−β₂ᵗ)) + ε) + λθ)` (λ only where `decay`).
 */
export function adamReference(
  p: ArrayLike<number>,
  g: ArrayLike<number>,
  m: ArrayLike<number>,
  v: ArrayLike<number>,
  hyper: { beta1: number; beta2: number; epsilon: number; weightDecay: number; learningRate: number; step: number },
  decay: boolean,
) {
  const { beta1, beta2, epsilon, weightDecay, learningRate, step } = hyper;
  const n = p.length;
  const out = { p: new Float64Array(n), m: new Float64Array(n), v: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
    out.v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! ** 2;
    let update = out.m[i]! / (1 - beta1 ** step) / (Math.sqrt(out.v[i]! / (1 - beta2 ** step)) + epsilon);
    if (decay) update += weightDecay * p[i]!;
    out.p[i] = p[i]! - learningRate * update;
  }
  return out;
}
