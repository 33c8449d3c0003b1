// Precision in the sense of Kynkäänniemi et al. 2019 ("Improved precision and recall metric for assessing generative
// models"): the real set's manifold is the union of balls around each real feature, of radius its distance to its k-th
// nearest real neighbour; precision is the share of samples inside it. A blurred band or a smear that no real image has
// falls outside however close its colours are on average, which is what means and distributions (KID, SWD) let pass.
import { gemm } from './gemm.js';

/** Squared Euclidean distances between the rows of a (n × d) and of b (m × d), n × m row-major. */
async function squaredDistances(
  a: Float64Array,
  n: number,
  b: Float64Array,
  m: number,
  d: number,
): Promise<Float64Array> {
  const dot = await gemm('nt', a, [n, d], b, [m, d]);
  const norms = (x: Float64Array, rows: number) =>
    Float64Array.from({ length: rows }, (_, i) => x.subarray(i * d, (i + 1) * d).reduce((s, v) => s + v * v, 0));
  const [na, nb] = [norms(a, n), norms(b, m)];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) dot[i * m + j] = Math.max(0, na[i]! + nb[j]! - 2 * dot[i * m + j]!);
  return dot;
}

/** The k-th smallest value of `row` leaving out index `skip`, in one pass (a row of thousands is sorted for 3 values
 * otherwise). */
function kthSmallest(row: Float64Array, k: number, skip: number): number {
  const best = new Float64Array(k).fill(Infinity);
  for (let j = 0; j < row.length; j++) {
    const v = row[j]!;
    if (j === skip || v >= best[k - 1]!) continue;
    let at = k - 1;
    for (; at > 0 && best[at - 1]! > v; at--) best[at] = best[at - 1]!;
    best[at] = v;
  }
  return best[k - 1]!;
}

const stack = (rows: readonly Float64Array[], d: number): Float64Array => {
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    if (r.length !== d) throw new RangeError(`every feature needs ${d} values, row ${i} has ${r.length}`);
    out.set(r, i * d);
  });
  return out;
};

/** The real manifold: features and each one's squared k-NN radius among the others. */
export class RealManifold {
  private constructor(
    private readonly real: Float64Array,
    private readonly radii: Float64Array,
    readonly count: number,
    readonly dim: number,
  ) {}

  static async of(real: readonly Float64Array[], k = 3): Promise<RealManifold> {
    if (real.length <= k)
      throw new RangeError(`a manifold of k = ${k} needs more than ${k} real features, got ${real.length}`);
    const d = real[0]!.length;
    const x = stack(real, d);
    const n = real.length;
    const dist = await squaredDistances(x, n, x, n, d);
    const radii = new Float64Array(n);
    for (let i = 0; i < n; i++) radii[i] = kthSmallest(dist.subarray(i * n, (i + 1) * n), k, i);
    return new RealManifold(x, radii, n, d);
  }

  /** Share of `samples` inside the manifold (0–1). */
  async precision(samples: readonly Float64Array[]): Promise<number> {
    if (!samples.length) return NaN;
    const dist = await squaredDistances(stack(samples, this.dim), samples.length, this.real, this.count, this.dim);
    let inside = 0;
    for (let i = 0; i < samples.length; i++) {
      const row = dist.subarray(i * this.count, (i + 1) * this.count);
      if (row.some((v, j) => v <= this.radii[j]!)) inside++;
    }
    return inside / samples.length;
  }
}
