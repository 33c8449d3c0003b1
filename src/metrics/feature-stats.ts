// Streaming mean and covariance of feature vectors (the "statistics" stage of FID), so features
// can be fed batch by batch from an extractor and the result does not depend on the batch size.
import { InvalidOptionError } from '../errors.js';
import { gemmAccumulate } from './gemm.js';

/** Rows gathered before their scatter enters the float64 products (gemm.ts): 32 MB at 2048 dimensions. */
const BLOCK_ROWS = 2048;
/** Feature panels of a block: its symmetric scatter needs the PANELS·(PANELS + 1)/2 products on and above the
 * diagonal. */
const PANELS = 8;

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
 * centring near the data keeps the final subtraction S − n·m·mᵀ from cancelling catastrophically.
 * Rows are gathered into blocks of BLOCK_ROWS in arrival order, whatever the batches they came in, and each
 * full block's scatter is a set of products (BLAS speed): the sums are identical for any batching. Memory is one
 * block and one dim × dim matrix, whatever the number of samples.
 */
export class FeatureStats {
  readonly dim: number;
  private n = 0;
  private readonly shift: Float64Array;
  private readonly sum: Float64Array;
  /** Where the features are cut into panels (PANELS + 1 bounds). */
  private readonly cuts: number[];
  /** The scatter matrix of the blocks so far, as its panel pairs on and above the diagonal (i ≤ j, in that order),
   * each panel i's rows by panel j's columns: the products add into them without a pass of JavaScript. */
  private pairs: Float64Array[];
  /** Centred rows waiting for their block's products, as they came: row r's feature i at r·dim + i. */
  private readonly staged: Float64Array;
  /** The same, feature-major for the products (row r's feature i at i·BLOCK_ROWS + r), transposed in tiles before
   * them: written there row by row, each value a store 16 KB from the last, the rows cost as much as the products. */
  private readonly block: Float64Array;
  private pending = 0;

  constructor(dim: number) {
    if (!Number.isInteger(dim) || dim < 1)
      throw new InvalidOptionError(`feature dimension must be a positive integer, got ${dim}`);
    this.dim = dim;
    this.shift = new Float64Array(dim);
    this.sum = new Float64Array(dim);
    this.cuts = Array.from({ length: PANELS + 1 }, (_, i) => Math.round((i * dim) / PANELS));
    const width = (i: number) => this.cuts[i + 1]! - this.cuts[i]!;
    this.pairs = [];
    for (let i = 0; i < PANELS; i++)
      for (let j = i; j < PANELS; j++) this.pairs.push(new Float64Array(width(i) * width(j)));
    this.staged = new Float64Array(BLOCK_ROWS * dim);
    this.block = new Float64Array(BLOCK_ROWS * dim);
  }

  /** Number of samples added so far. */
  get count(): number {
    return this.n;
  }

  /** Adds `count` samples stored back to back in `rows` (count × dim, row-major). */
  async add(rows: ArrayLike<number>, count: number): Promise<this> {
    const d = this.dim;
    if (!Number.isInteger(count) || count < 0 || rows.length !== count * d) {
      throw new InvalidOptionError(
        `a batch of ${count} features of dimension ${d} needs ${count * d} numbers, got ${rows.length}; pass count = rows.length / ${d}`,
      );
    }
    for (let r = 0; r < count; r++) if (this.addOne(rows, r * d)) await this.flush();
    return this;
  }

  /** Adds one sample per array. */
  async addRows(rows: FeatureRows): Promise<this> {
    for (const row of rows) {
      if (row.length !== this.dim)
        throw new InvalidOptionError(
          `feature rows must have ${this.dim} values (the dimension these statistics were created with), got ${row.length}`,
        );
      if (this.addOne(row, 0)) await this.flush();
    }
    return this;
  }

  /** Adds one row to the block; true when the block is full. */
  private addOne(src: ArrayLike<number>, offset: number): boolean {
    const d = this.dim;
    // the whole row is checked before anything is added: a rejected row leaves the sums as they were
    for (let i = 0; i < d; i++) {
      if (!Number.isFinite(src[offset + i]!))
        throw new InvalidOptionError(
          `feature ${this.n} has a non-finite value at index ${i}; check the feature extractor's output`,
        );
    }
    const at = this.pending * d;
    for (let i = 0; i < d; i++) {
      const x = src[offset + i]!;
      if (this.n === 0) this.shift[i] = x;
      const c = x - this.shift[i]!;
      this.staged[at + i] = c;
      this.sum[i]! += c;
    }
    this.n++;
    return ++this.pending === BLOCK_ROWS;
  }

  /** The full block's scatter into the sums, and an empty block. */
  private async flush(): Promise<void> {
    await this.addPending(this.pairs);
    this.pending = 0;
  }

  /**
   * The pending block's scatter Cᵀ·C added to the panel pairs of `target` (each replaced by its sum). It is symmetric,
   * so the features are cut into panels and only the panel pairs on and above the diagonal are multiplied (36 of 64
   * products at 8 panels, nearly what numpy's syrk saves); the block is transposed feature-major first, so each panel
   * is a contiguous run of it.
   */
  private async addPending(target: Float64Array[]): Promise<void> {
    const b = this.pending;
    if (b === 0) return;
    const d = this.dim;
    const TILE = 32;
    for (let r0 = 0; r0 < b; r0 += TILE)
      for (let f0 = 0; f0 < d; f0 += TILE)
        for (let r = r0; r < Math.min(r0 + TILE, b); r++)
          for (let f = f0; f < Math.min(f0 + TILE, d); f++) this.block[f * BLOCK_ROWS + r] = this.staged[r * d + f]!;
    const cuts = this.cuts;
    const panels = cuts.slice(0, -1).map((from, i) => {
      const w = cuts[i + 1]! - from;
      let data = this.block.subarray(from * BLOCK_ROWS, (from + w) * BLOCK_ROWS);
      if (b < BLOCK_ROWS) {
        // a last, partial block: its rows packed
        const packed = new Float64Array(w * b);
        for (let f = 0; f < w; f++) packed.set(data.subarray(f * BLOCK_ROWS, f * BLOCK_ROWS + b), f * b);
        data = packed;
      }
      return { from, w, data };
    });
    let k = 0;
    for (let i = 0; i < panels.length; i++) {
      const pi = panels[i]!;
      for (let j = i; j < panels.length; j++, k++) {
        const pj = panels[j]!;
        if (pi.w === 0 || pj.w === 0) continue;
        target[k] = await gemmAccumulate(target[k]!, pi.data, pj.data, { rows: pi.w, cols: pj.w, inner: b }, 1);
      }
    }
  }

  /** Mean of the samples so far. */
  mean(): Float64Array {
    this.requireSamples(1);
    const m = new Float64Array(this.dim);
    for (let i = 0; i < this.dim; i++) m[i] = this.shift[i]! + this.sum[i]! / this.n;
    return m;
  }

  /** Unbiased covariance (divides by n − 1), dim × dim row-major. Reading it mid-stream leaves the block as it is,
   * so the final figures stay those of any batching. */
  async covariance(): Promise<Float64Array> {
    this.requireSamples(2);
    const pairs = this.pending ? [...this.pairs] : this.pairs;
    await this.addPending(pairs);
    const d = this.dim;
    const n = this.n;
    // the scatter matrix's upper triangle, from its panel pairs
    const scatter = new Float64Array(d * d);
    let k = 0;
    for (let i = 0; i < PANELS; i++)
      for (let j = i; j < PANELS; j++, k++) {
        const [fi, fj] = [this.cuts[i]!, this.cuts[j]!];
        const wj = this.cuts[j + 1]! - fj;
        for (let r = 0; r < this.cuts[i + 1]! - fi; r++)
          scatter.set(pairs[k]!.subarray(r * wj, (r + 1) * wj), (fi + r) * d + fj);
      }
    const cov = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      const si = this.sum[i]!;
      for (let j = i; j < d; j++) {
        const v = (scatter[i * d + j]! - (si * this.sum[j]!) / n) / (n - 1);
        cov[i * d + j] = v;
        cov[j * d + i] = v;
      }
    }
    return cov;
  }

  /** Mean and covariance together, ready for frechetDistance. */
  async finish(): Promise<GaussianStats> {
    this.requireSamples(2);
    return { dim: this.dim, count: this.n, mean: this.mean(), cov: await this.covariance() };
  }

  private requireSamples(k: number): void {
    if (this.n < k)
      throw new InvalidOptionError(
        `feature statistics need at least ${k} samples, got ${this.n}; add more features before computing them`,
      );
  }
}

/** Mean and covariance of a whole feature set in one call. */
export async function featureStats(rows: FeatureRows): Promise<GaussianStats> {
  const first = rows[0];
  if (first === undefined)
    throw new InvalidOptionError('feature statistics need at least 2 samples, got 0; add more features');
  return (await new FeatureStats(first.length).addRows(rows)).finish();
}
