// Small dense float64 linear algebra for the metrics: matrices are row-major Float64Arrays.
// What FID needs beside products (gemm.ts): a pivoted Cholesky factor, and the eigenvalues of a symmetric
// matrix (Householder tridiagonalisation reading only the lower triangle, then implicit QL: EISPACK's
// tred1/tql1 lineage), O(n³) and accurate to a few ulps of the largest eigenvalue.

/** Sum of the diagonal of an n × n matrix. */
export function trace(a: Float64Array, n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += a[i * n + i]!;
  return t;
}

/** A ≈ P·L·Lᵀ·Pᵀ for a symmetric positive semi-definite A: `perm[i]` is the row of A that L's row i stands for. */
export interface PivotedCholesky {
  /** n × rank, row-major (in the permuted order). */
  factor: Float64Array;
  perm: Int32Array;
  rank: number;
}

/**
 * Cholesky with symmetric pivoting (the largest remaining diagonal first), stopping where what is left of the
 * diagonal is below n·ε of the largest: a rank-deficient covariance (fewer samples than dimensions) gets a
 * factor of its numerical rank instead of a failure.
 */
export function pivotedCholesky(a: Float64Array, n: number): PivotedCholesky {
  if (a.length !== n * n) throw new RangeError(`pivotedCholesky: expected ${n * n} entries, got ${a.length}`);
  const w = Float64Array.from(a);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, w[i * n + i]!);
  const tol = n * 2 ** -52 * top;
  const col = new Float64Array(n);
  let rank = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (w[i * n + i]! > w[p * n + p]!) p = i;
    if (!(w[p * n + p]! > tol)) break;
    if (p !== k) {
      swapRows(w, n, k, p);
      for (let i = 0; i < n; i++) {
        const t = w[i * n + k]!;
        w[i * n + k] = w[i * n + p]!;
        w[i * n + p] = t;
      }
      const t = perm[k]!;
      perm[k] = perm[p]!;
      perm[p] = t;
    }
    const root = Math.sqrt(w[k * n + k]!);
    w[k * n + k] = root;
    for (let i = k + 1; i < n; i++) col[i] = w[i * n + k]! / root;
    // the trailing block less l·lᵀ, row by row (contiguous), both triangles so that pivoting can swap whole rows
    for (let i = k + 1; i < n; i++) {
      const li = col[i]!;
      w[i * n + k] = li;
      if (li === 0) continue;
      const row = i * n;
      for (let j = k + 1; j < n; j++) w[row + j]! -= li * col[j]!;
    }
    rank++;
  }
  const factor = new Float64Array(n * rank);
  for (let i = 0; i < n; i++) for (let j = 0; j <= Math.min(i, rank - 1); j++) factor[i * rank + j] = w[i * n + j]!;
  return { factor, perm, rank };
}

function swapRows(w: Float64Array, n: number, a: number, b: number): void {
  for (let j = 0; j < n; j++) {
    const t = w[a * n + j]!;
    w[a * n + j] = w[b * n + j]!;
    w[b * n + j] = t;
  }
}

/** Eigenvalues of a symmetric n × n matrix (its lower triangle is read), ascending. */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new RangeError(`symmetricEigenvalues: expected ${n * n} entries, got ${a.length}`);
  const { d, e } = tridiagonalize(Float64Array.from(a), n);
  qlEigenvalues(d, e, n);
  return d.sort();
}

/**
 * Householder reduction of the lower triangle to tridiagonal form (d: diagonal, e[i]: the entry between i and
 * i + 1). Each step is one pass over the trailing lower triangle for the symmetric product (two multiply-adds
 * per entry, both walking rows) and one for the rank-2 update: half the memory traffic of full storage.
 */
function tridiagonalize(w: Float64Array, n: number): { d: Float64Array; e: Float64Array } {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let scale = 0;
    for (let j = k + 1; j < n; j++) scale += Math.abs(w[j * n + k]!);
    d[k] = w[k * n + k]!;
    if (scale === 0) {
      e[k] = 0;
      continue;
    }
    let sigma = 0;
    for (let j = k + 1; j < n; j++) {
      v[j] = w[j * n + k]!;
      sigma += (v[j]! / scale) ** 2;
    }
    const norm = scale * Math.sqrt(sigma);
    const x0 = v[k + 1]!;
    const alpha = x0 > 0 ? -norm : norm;
    v[k + 1] = x0 - alpha;
    // H = I − τ·v·vᵀ with vᵀv = 2·norm·(norm + |x0|)
    const tau = 1 / (norm * (norm + Math.abs(x0)));
    e[k] = alpha;
    p.fill(0, k + 1);
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = v[i]!;
      let s = w[row + i]! * vi;
      for (let j = k + 1; j < i; j++) {
        const aij = w[row + j]!;
        s += aij * v[j]!;
        p[j]! += aij * vi;
      }
      p[i]! += s;
    }
    let vp = 0;
    for (let i = k + 1; i < n; i++) {
      p[i]! *= tau;
      vp += v[i]! * p[i]!;
    }
    const half = (tau / 2) * vp;
    for (let i = k + 1; i < n; i++) p[i]! -= half * v[i]!;
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = v[i]!;
      const pi = p[i]!;
      for (let j = k + 1; j <= i; j++) w[row + j]! -= vi * p[j]! + pi * v[j]!;
    }
  }
  if (n >= 2) {
    d[n - 2] = w[(n - 2) * n + n - 2]!;
    e[n - 2] = w[(n - 1) * n + n - 2]!;
  }
  if (n >= 1) d[n - 1] = w[n * n - 1]!;
  return { d, e };
}

/** Implicit QL iterations on the tridiagonal (d, e); the eigenvalues are left in d (unsorted). */
function qlEigenvalues(d: Float64Array, e: Float64Array, n: number): void {
  if (n > 0) e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]!) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        // A bound far above the usual 1–3 sweeps: a NaN in the input would otherwise loop forever.
        if (++iter > 60)
          throw new RangeError('symmetricEigenvalues: QL iteration did not converge (non-finite input?)');
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        f += h;
        p = d[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
}
