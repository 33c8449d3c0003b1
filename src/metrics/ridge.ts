// Ridge regression from streamed statistics: the joint mean and covariance of [features, targets] (FeatureStats)
// give W = (Σxx + λI)⁻¹ Σxy and bias = ȳ − x̄·W, so the rows never need to be in memory at once.
import type { GaussianStats } from './feature-stats.js';
import { cholesky } from './linalg.js';
import { InvalidOptionError } from '../errors.js';

export interface LinearMap {
  /** [features × targets], row-major. */
  weights: Float64Array;
  bias: Float64Array;
}

/** The ridge fit of the last `targets` dimensions of `s` on the first `s.dim − targets`. */
export async function ridgeFromStats(s: GaussianStats, targets: number, lambda: number): Promise<LinearMap> {
  const [d, f, t] = [s.dim, s.dim - targets, targets];
  if (!(lambda > 0)) throw new InvalidOptionError(`the ridge strength must be positive, got ${lambda}`);
  if (!(f > 0 && t > 0)) throw new InvalidOptionError(`${targets} targets do not leave features in ${d} dimensions`);
  const a = new Float64Array(f * f);
  for (let i = 0; i < f; i++) {
    a.set(s.cov.subarray(i * d, i * d + f), i * f);
    a[i * f + i] = a[i * f + i]! + lambda;
  }
  const l = await cholesky(a, f);
  if (!l) throw new InvalidOptionError(`the features' covariance + ${lambda}·I is not positive definite: raise λ`);
  const w = new Float64Array(f * t);
  const y = new Float64Array(f);
  for (let k = 0; k < t; k++) {
    // L·Lᵀ·w = Σxy[:, k]: forward substitution, then back
    for (let i = 0; i < f; i++) {
      let v = s.cov[i * d + f + k]!;
      for (let j = 0; j < i; j++) v -= l[i * f + j]! * y[j]!;
      y[i] = v / l[i * f + i]!;
    }
    for (let i = f - 1; i >= 0; i--) {
      let v = y[i]!;
      for (let j = i + 1; j < f; j++) v -= l[j * f + i]! * w[j * t + k]!;
      w[i * t + k] = v / l[i * f + i]!;
    }
  }
  const bias = new Float64Array(t);
  for (let k = 0; k < t; k++) {
    let b = s.mean[f + k]!;
    for (let i = 0; i < f; i++) b -= s.mean[i]! * w[i * t + k]!;
    bias[k] = b;
  }
  return { weights: w, bias };
}
