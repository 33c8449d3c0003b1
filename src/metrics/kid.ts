// Kernel Inception Distance (Bińkowski et al. 2018) as torch-fidelity computes it: MMD² with the
// cubic polynomial kernel, averaged over random equal-size subsets of the two feature sets.
import { InvalidOptionError } from '../errors.js';
import type { FeatureRows } from './feature-stats.js';
import { gemm } from './gemm.js';
import { kernelSums } from './kernel-sums.js';
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

/** Packing buffers kept between calls, at most two: a fresh 16 MB array per set per subset (allocated, zeroed,
 * collected) cost a sixth of an MMD²'s time at 1000 × 2048. A call takes its own (concurrent calls never share one)
 * and gives them back when its sums are in. */
const spare: Float64Array<ArrayBuffer>[] = [];

function takeBuffer(length: number): Float64Array<ArrayBuffer> {
  const i = spare.findIndex((b) => b.length === length);
  return i < 0 ? new Float64Array(length) : spare.splice(i, 1)[0]!;
}

function giveBack(...buffers: Float64Array<ArrayBuffer>[]): void {
  for (const b of buffers) if (spare.length < 2) spare.push(b);
}

/** Rows packed back to back (rows × dim, float64) for a product, into `out` when given. */
function packed(rows: FeatureRows, d: number, out = new Float64Array(rows.length * d)): Float64Array<ArrayBuffer> {
  rows.forEach((r, i) => out.set(r, i * d));
  return out;
}

/** k as a function of the dot product: (γ·dot + c)^degree, the cube multiplied out (the default, and the hot loop). */
function kernelOf(gamma: number, coef0: number, degree: number): (dot: number) => number {
  if (degree !== 3) return (dot) => (dot * gamma + coef0) ** degree;
  return (dot) => {
    const t = dot * gamma + coef0;
    return t * t * t;
  };
}

/** Gram matrix K[i][j] = k(x_i, y_j) = (γ x_i·y_j + c)^degree, nx × ny row-major. */
export async function polynomialKernel(
  x: FeatureRows,
  y: FeatureRows,
  options: PolynomialKernelOptions = {},
): Promise<Float64Array> {
  const d = dimOf(x, y);
  const { degree = 3, gamma = 1 / d, coef0 = 1 } = options;
  const k = await gemm('nt', packed(x, d), [x.length, d], packed(y, d), [y.length, d]);
  const kernel = kernelOf(gamma, coef0, degree);
  for (let i = 0; i < k.length; i++) k[i] = kernel(k[i]!);
  return k;
}

/**
 * MMD² between samples x (m rows) and y (n rows). 'unbiased' leaves out the k(x_i, x_i) terms
 * (torch-fidelity mmd_est='unbiased'; with m = n it is exactly clean-fid's formula), 'biased' keeps them.
 * The kernel sums run in float64 as one ONNX Runtime graph (kernel-sums.ts).
 */
export async function mmd2(
  x: FeatureRows,
  y: FeatureRows,
  options: PolynomialKernelOptions & { estimator?: MmdEstimator } = {},
): Promise<number> {
  const d = dimOf(x, y);
  if (x.length < 2 || y.length < 2)
    throw new InvalidOptionError(
      `MMD² needs at least 2 samples per set, got ${x.length} and ${y.length}; pass more features`,
    );
  const [px, py] = [takeBuffer(x.length * d), takeBuffer(y.length * d)];
  try {
    return await mmd2Packed(packed(x, d, px), x.length, packed(y, d, py), y.length, d, options);
  } finally {
    giveBack(px, py);
  }
}

/** mmd2 on sets already packed (m × d and n × d, float64). */
async function mmd2Packed(
  px: Float64Array,
  m: number,
  py: Float64Array,
  n: number,
  d: number,
  options: PolynomialKernelOptions & { estimator?: MmdEstimator },
): Promise<number> {
  const { degree = 3, gamma = 1 / d, coef0 = 1, estimator = 'unbiased' } = options;
  const k = await kernelSums(px, m, py, n, d, { gamma, coef0, degree });
  if (estimator === 'unbiased')
    return (k.xx - k.xDiagonal) / (m * (m - 1)) + (k.yy - k.yDiagonal) / (n * (n - 1)) - (2 * k.xy) / (m * n);
  return k.xx / (m * m) + k.yy / (n * n) - (2 * k.xy) / (m * n);
}

/** KID: mean and std of MMD² over `subsets` random subsets drawn without replacement from each set. */
export async function kernelInceptionDistance(
  a: FeatureRows,
  b: FeatureRows,
  options: KidOptions = {},
): Promise<KidResult> {
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
  const d = a[0]!.length;
  // one pair of buffers for every subset
  const [px, py] = [takeBuffer(m * d), takeBuffer(m * d)];
  try {
    for (let s = 0; s < subsets; s++) {
      for (const [k, i] of Array.from(sampleWithoutReplacement(rng, a.length, m)).entries()) px.set(a[i]!, k * d);
      for (const [k, i] of Array.from(sampleWithoutReplacement(rng, b.length, m)).entries()) py.set(b[i]!, k * d);
      perSubset[s] = await mmd2Packed(px, m, py, m, d, kernel);
    }
  } finally {
    giveBack(px, py);
  }
  const mean = perSubset.reduce((s, v) => s + v, 0) / subsets;
  const std = Math.sqrt(perSubset.reduce((s, v) => s + (v - mean) ** 2, 0) / subsets);
  return { mean, std, subsetSize: m, perSubset };
}
