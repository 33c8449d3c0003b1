// Streaming mean and covariance of feature vectors (the "statistics" stage of FID), so features
// can be fed batch by batch from an extractor and the result does not depend on the batch size.
import { InvalidOptionError } from '../errors.js';

/** Feature vectors as one array per sample (rows = samples, like torch-fidelity's features). */
export type FeatureRows = readonly ArrayLike<number>[];

/** Mean and covariance (ddof = 1, as np.cov(rowvar=False)) of `count` samples of dimension `dim`. */
export interface GaussianStats {
  dim: number;
  count: number;
  mean: Float64Array;
  /** dim × dim, row-major, symmetric. */
  cov: Float64Array;
}

/**
 * Accumulates Σ(x − s) and Σ(x − s)(x − s)ᵀ in float64 around a shift s (the first sample):
 * centring near the data keeps the final subtraction S − n·m·mᵀ from cancelling catastrophically,
 * and adding rows one at a time in arrival order makes the sums identical for any batching.
 */
export class FeatureStats {
  readonly dim: number;
  private n = 0;
  private readonly shift: Float64Array;
  private readonly sum: Float64Array;
  /** Upper triangle (j ≥ i) of the scatter matrix; the lower half is filled at the end. */
  private readonly scatter: Float64Array;
  private readonly centred: Float64Array;

  constructor(dim: number) {
    if (!Number.isInteger(dim) || dim < 1)
      throw new InvalidOptionError(`feature dimension must be a positive integer, got ${dim}`);
    this.dim = dim;
    this.shift = new Float64Array(dim);
    this.sum = new Float64Array(dim);
    this.scatter = new Float64Array(dim * dim);
    this.centred = new Float64Array(dim);
  }

  /** Number of samples added so far. */
  get count(): number {
    return this.n;
  }

  /** Adds `count` samples stored back to back in `rows` (count × dim, row-major). */
  add(rows: ArrayLike<number>, count: number): this {
    const d = this.dim;
    if (!Number.isInteger(count) || count < 0 || rows.length !== count * d) {
      throw new InvalidOptionError(
        `a batch of ${count} features of dimension ${d} needs ${count * d} numbers, got ${rows.length}; pass count = rows.length / ${d}`,
      );
    }
    for (let r = 0; r < count; r++) this.addOne(rows, r * d);
    return this;
  }

  /** Adds one sample per array. */
  addRows(rows: FeatureRows): this {
    for (const row of rows) {
      if (row.length !== this.dim)
        throw new InvalidOptionError(
          `feature rows must have ${this.dim} values (the dimension these statistics were created with), got ${row.length}`,
        );
      this.addOne(row, 0);
    }
    return this;
  }

  private addOne(src: ArrayLike<number>, offset: number): void {
    const d = this.dim;
    const c = this.centred;
    for (let i = 0; i < d; i++) {
      const x = src[offset + i]!;
      if (!Number.isFinite(x))
        throw new InvalidOptionError(
          `feature ${this.n} has a non-finite value at index ${i}; check the feature extractor's output`,
        );
      if (this.n === 0) this.shift[i] = x;
      c[i] = x - this.shift[i]!;
    }
    for (let i = 0; i < d; i++) {
      const ci = c[i]!;
      this.sum[i]! += ci;
      if (ci === 0) continue;
      const row = i * d;
      for (let j = i; j < d; j++) this.scatter[row + j]! += ci * c[j]!;
    }
    this.n++;
  }

  /** Mean of the samples so far. */
  mean(): Float64Array {
    this.requireSamples(1);
    const m = new Float64Array(this.dim);
    for (let i = 0; i < this.dim; i++) m[i] = this.shift[i]! + this.sum[i]! / this.n;
    return m;
  }

  /** Unbiased covariance (divides by n − 1), dim × dim row-major. */
  covariance(): Float64Array {
    this.requireSamples(2);
    const d = this.dim;
    const n = this.n;
    const cov = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      const si = this.sum[i]!;
      for (let j = i; j < d; j++) {
        const v = (this.scatter[i * d + j]! - (si * this.sum[j]!) / n) / (n - 1);
        cov[i * d + j] = v;
        cov[j * d + i] = v;
      }
    }
    return cov;
  }

  /** Mean and covariance together, ready for frechetDistance. */
  finish(): GaussianStats {
    this.requireSamples(2);
    return { dim: this.dim, count: this.n, mean: this.mean(), cov: this.covariance() };
  }

  private requireSamples(k: number): void {
    if (this.n < k)
      throw new InvalidOptionError(
        `feature statistics need at least ${k} samples, got ${this.n}; add more features before computing them`,
      );
  }
}

/** Mean and covariance of a whole feature set in one call. */
export function featureStats(rows: FeatureRows): GaussianStats {
  const first = rows[0];
  if (first === undefined)
    throw new InvalidOptionError('feature statistics need at least 2 samples, got 0; add more features');
  return new FeatureStats(first.length).addRows(rows).finish();
}
