// Kernel Inception Distance (Bińkowski et al. 2018) as torch-fidelity computes it: MMD² with the
// cubic polynomial kernel, averaged over random equal-size subsets of the two feature sets.
import { InvalidOptionError } from '../errors.js';
import type { FeatureRows } from './feature-stats.js';
import { sampleWithoutReplacement, seededRandom, type Random } from './prng.js';

export interface PolynomialKernelOptions {
  degree?: number;
  /** Default 1 / feature dimension. */
  gamma?: number;
  coef0?: number;
}

export type MmdEstimator = 'unbiased' | 'biased';

export interface KidOptions extends PolynomialKernelOptions {
  /** Number of random subsets (torch-fidelity kid_subsets, default 100). */
  subsets?: number;
  /** Samples per subset (default 1000), capped at the smaller set's size as clean-fid does. */
  subsetSize?: number;
  /** Uniform [0, 1) source; default seededRandom(12345), torch-fidelity's default seed. */
  rng?: Random;
  estimator?: MmdEstimator;
}

export interface KidResult {
  mean: number;
  /** Population std (ddof = 0, np.std) over the subsets, as torch-fidelity reports. */
  std: number;
  subsetSize: number;
  perSubset: Float64Array;
}

/** k(x, y) = (γ x·y + c)^degree. */
function kernelValue(x: ArrayLike<number>, y: ArrayLike<number>, gamma: number, coef0: number, degree: number): number {
  let dot = 0;
  for (let i = 0; i < x.length; i++) dot += x[i]! * y[i]!;
  return (dot * gamma + coef0) ** degree;
}

function dimOf(x: FeatureRows, y: FeatureRows): number {
  const d = x[0]?.length ?? 0;
  for (const r of [...x, ...y]) {
    if (r.length !== d)
      throw new InvalidOptionError(
        `KID needs all features of the same dimension, got ${d} and ${r.length}; use the same feature extractor for both sets`,
      );
  }
  if (d < 1) throw new InvalidOptionError('KID needs non-empty feature vectors');
  return d;
}

/** Gram matrix K[i][j] = k(x_i, y_j), nx × ny row-major. */
export function polynomialKernel(x: FeatureRows, y: FeatureRows, options: PolynomialKernelOptions = {}): Float64Array {
  const d = dimOf(x, y);
  const { degree = 3, gamma = 1 / d, coef0 = 1 } = options;
  const k = new Float64Array(x.length * y.length);
  x.forEach((xi, i) => y.forEach((yj, j) => (k[i * y.length + j] = kernelValue(xi, yj, gamma, coef0, degree))));
  return k;
}

// Sum of k over all pairs of a with b; `skipDiagonal` drops i == j (a and b are the same set).
function kernelSum(
  a: FeatureRows,
  b: FeatureRows,
  skipDiagonal: boolean,
  gamma: number,
  coef0: number,
  degree: number,
): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++)
      if (!(skipDiagonal && i === j)) s += kernelValue(a[i]!, b[j]!, gamma, coef0, degree);
  }
  return s;
}

/**
 * MMD² between samples x (m rows) and y (n rows). 'unbiased' leaves out the k(x_i, x_i) terms
 * (torch-fidelity mmd_est='unbiased'; with m = n it is exactly clean-fid's formula), 'biased' keeps them.
 */
export function mmd2(
  x: FeatureRows,
  y: FeatureRows,
  options: PolynomialKernelOptions & { estimator?: MmdEstimator } = {},
): number {
  const d = dimOf(x, y);
  const { degree = 3, gamma = 1 / d, coef0 = 1, estimator = 'unbiased' } = options;
  const m = x.length;
  const n = y.length;
  const unbiased = estimator === 'unbiased';
  if (m < 2 || n < 2)
    throw new InvalidOptionError(`MMD² needs at least 2 samples per set, got ${m} and ${n}; pass more features`);
  // Kxx and Kyy are symmetric: sum the strict upper triangle once and double it.
  const half = (a: FeatureRows): number => {
    let s = 0;
    for (let i = 0; i < a.length; i++)
      for (let j = i + 1; j < a.length; j++) s += kernelValue(a[i]!, a[j]!, gamma, coef0, degree);
    return 2 * s;
  };
  const diag = (a: FeatureRows): number => a.reduce((s, r) => s + kernelValue(r, r, gamma, coef0, degree), 0);
  const kxx = half(x) + (unbiased ? 0 : diag(x));
  const kyy = half(y) + (unbiased ? 0 : diag(y));
  const kxy = kernelSum(x, y, false, gamma, coef0, degree);
  if (unbiased) return kxx / (m * (m - 1)) + kyy / (n * (n - 1)) - (2 * kxy) / (m * n);
  return kxx / (m * m) + kyy / (n * n) - (2 * kxy) / (m * n);
}

/** KID: mean and std of MMD² over `subsets` random subsets drawn without replacement from each set. */
export function kernelInceptionDistance(a: FeatureRows, b: FeatureRows, options: KidOptions = {}): KidResult {
  dimOf(a, b);
  const { subsets = 100, subsetSize = 1000, rng = seededRandom(12345), ...kernel } = options;
  if (!Number.isInteger(subsets) || subsets < 1)
    throw new InvalidOptionError(`KID subsets must be a positive integer, got ${subsets}`);
  if (!Number.isInteger(subsetSize))
    throw new InvalidOptionError(`KID subset size must be an integer, got ${subsetSize}`);
  const m = Math.min(subsetSize, a.length, b.length);
  if (m < 2) {
    throw new InvalidOptionError(
      `KID needs a subset size of at least 2 (got ${m}: subset size ${subsetSize}, sets of ${a.length} and ${b.length}); pass at least 2 features per set and subsetSize ≥ 2`,
    );
  }
  const perSubset = new Float64Array(subsets);
  for (let s = 0; s < subsets; s++) {
    const xa = Array.from(sampleWithoutReplacement(rng, a.length, m), (i) => a[i]!);
    const yb = Array.from(sampleWithoutReplacement(rng, b.length, m), (i) => b[i]!);
    perSubset[s] = mmd2(xa, yb, kernel);
  }
  const mean = perSubset.reduce((s, v) => s + v, 0) / subsets;
  const std = Math.sqrt(perSubset.reduce((s, v) => s + (v - mean) ** 2, 0) / subsets);
  return { mean, std, subsetSize: m, perSubset };
}
