// Fréchet Inception Distance between two Gaussians fitted to features (pytorch-fid's
// calculate_frechet_distance), computed without a general matrix square root: a pivoted Cholesky factor,
// a congruence by the Cholesky factor (float64 products on ONNX Runtime, gemm.ts) and one symmetric eigenvalue problem.
import { InvalidOptionError } from '../errors.js';
import { featureStats, type FeatureRows, type GaussianStats } from './feature-stats.js';
import { lowerCongruence } from './congruence.js';
import { cholesky, pivotedCholesky, symmetricEigenvalues, trace } from './linalg.js';

export interface FrechetOptions {
  /** Added to both covariance diagonals when the first attempt is not finite (pytorch-fid: 1e-6). */
  eps?: number;
}

export interface FrechetResult {
  fid: number;
  /** ‖μ1 − μ2‖². */
  meanTerm: number;
  /** Tr((Σ1Σ2)^½). */
  traceSqrt: number;
  /** Whether the eps-regularised retry was needed. */
  usedEps: boolean;
}

/**
 * Tr((Σ1Σ2)^½) for PSD Σ1, Σ2. With Σ1 = P·L·Lᵀ·Pᵀ (Cholesky; pivoted when Σ1 is singular, L of its numerical rank r),
 * Σ1Σ2 is similar to Lᵀ·(PᵀΣ2P)·L, which is r × r, symmetric and PSD: the trace of the root is the sum of
 * the roots of its eigenvalues. No complex Schur form (scipy's sqrtm), no imaginary parts; eigenvalues
 * below 0 are rounding noise of PSD matrices: clip.
 */
export async function traceSqrtProduct(sigma1: Float64Array, sigma2: Float64Array, n: number): Promise<number> {
  // positive definite (the usual case: more samples than dimensions): the blocked factor, no permutation
  const full = await cholesky(sigma1, n);
  const { factor, perm, rank } = full
    ? { factor: full, perm: Int32Array.from({ length: n }, (_, i) => i), rank: n }
    : pivotedCholesky(sigma1, n);
  if (rank === 0) return 0;
  let permuted = sigma2;
  if (!full) {
    permuted = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const src = perm[i]! * n;
      for (let j = 0; j < n; j++) permuted[i * n + j] = sigma2[src + perm[j]!]!;
    }
  }
  const inner = await lowerCongruence(factor, permuted, n, rank);
  const w = await symmetricEigenvalues(inner, rank);
  let t = 0;
  for (let i = 0; i < rank; i++) t += Math.sqrt(Math.max(w[i]!, 0));
  return t;
}

/** FID = ‖μ1 − μ2‖² + Tr Σ1 + Tr Σ2 − 2 Tr((Σ1Σ2)^½), with the parts. */
export async function frechetDistanceDetailed(
  a: GaussianStats,
  b: GaussianStats,
  options: FrechetOptions = {},
): Promise<FrechetResult> {
  checkStats(a, 'first');
  checkStats(b, 'second');
  if (a.dim !== b.dim)
    throw new InvalidOptionError(
      `FID needs features of the same dimension on both sides, got ${a.dim} and ${b.dim}; use the same feature extractor for both sets`,
    );
  const n = a.dim;
  const eps = options.eps ?? 1e-6;
  let meanTerm = 0;
  for (let i = 0; i < n; i++) meanTerm += (a.mean[i]! - b.mean[i]!) ** 2;
  const trA = trace(a.cov, n);
  const trB = trace(b.cov, n);
  let traceSqrt = await traceSqrtProduct(a.cov, b.cov, n);
  let usedEps = false;
  if (!Number.isFinite(traceSqrt)) {
    // pytorch-fid's fallback for a product that sqrtm cannot handle: regularise both diagonals.
    usedEps = true;
    traceSqrt = await traceSqrtProduct(addDiagonal(a.cov, n, eps), addDiagonal(b.cov, n, eps), n);
  }
  return { fid: meanTerm + trA + trB - 2 * traceSqrt, meanTerm, traceSqrt, usedEps };
}

/** FID between two fitted Gaussians (e.g. from FeatureStats.finish()). */
export async function frechetDistance(
  a: GaussianStats,
  b: GaussianStats,
  options: FrechetOptions = {},
): Promise<number> {
  return (await frechetDistanceDetailed(a, b, options)).fid;
}

/** FID straight from two feature sets (rows = samples). */
export async function fidFromFeatures(a: FeatureRows, b: FeatureRows, options: FrechetOptions = {}): Promise<number> {
  return frechetDistance(await featureStats(a), await featureStats(b), options);
}

function addDiagonal(m: Float64Array, n: number, eps: number): Float64Array {
  const out = Float64Array.from(m);
  for (let i = 0; i < n; i++) out[i * n + i]! += eps;
  return out;
}

function checkStats(s: GaussianStats, which: string): void {
  if (s.count < 2) {
    throw new InvalidOptionError(
      `FID needs at least 2 samples per set to estimate a covariance; the ${which} set has ${s.count}`,
    );
  }
  if (s.mean.length !== s.dim || s.cov.length !== s.dim * s.dim) {
    throw new InvalidOptionError(
      `the ${which} statistics are inconsistent: dim ${s.dim} but ${s.mean.length} means and ${s.cov.length} covariance entries (need dim and dim²)`,
    );
  }
  for (const v of s.mean)
    if (!Number.isFinite(v))
      throw new InvalidOptionError(
        `the ${which} statistics have a non-finite mean; recompute them from finite features`,
      );
  for (const v of s.cov)
    if (!Number.isFinite(v))
      throw new InvalidOptionError(
        `the ${which} statistics have a non-finite covariance; recompute them from finite features`,
      );
}
