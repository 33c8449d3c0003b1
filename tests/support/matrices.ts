// Test matrices with known answers (known spectra, exact symmetry), for the metrics' linear algebra.
import { seededRandom } from '../../src/metrics/prng.js';

/** (rows × inner) · (inner × cols) in plain loops: builds the test matrices. */
export function product(a: Float64Array, b: Float64Array, rows: number, inner: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let k = 0; k < inner; k++)
      for (let j = 0; j < cols; j++) out[i * cols + j]! += a[i * inner + k]! * b[k * cols + j]!;
  return out;
}

/** A random orthonormal n × n matrix (Gram–Schmidt on random columns). */
export function orthonormal(n: number, seed: number): Float64Array {
  const rng = seededRandom(seed);
  const q = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) q[i * n + j] = rng() - 0.5;
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i * n + j]! * q[i * n + k]!;
      for (let i = 0; i < n; i++) q[i * n + j]! -= dot * q[i * n + k]!;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[i * n + j]! ** 2;
    for (let i = 0; i < n; i++) q[i * n + j]! /= Math.sqrt(norm);
  }
  return q;
}

/** Q·diag(λ)·Qᵀ, exactly symmetric. */
export function withSpectrum(lambda: number[], seed: number): Float64Array {
  const n = lambda.length;
  const q = orthonormal(n, seed);
  const qd = new Float64Array(n * n);
  const qt = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      qd[i * n + j] = q[i * n + j]! * lambda[j]!;
      qt[j * n + i] = q[i * n + j]!;
    }
  const a = product(qd, qt, n, n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!;
  return a;
}
