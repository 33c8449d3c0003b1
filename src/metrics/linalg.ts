// Small dense float64 linear algebra for the metrics: matrices are row-major Float64Arrays.
// What FID needs beside products: a pivoted Cholesky factor, and the eigenvalues of a symmetric matrix
// (blocked Householder tridiagonalisation reading only the lower triangle, its panel updates as products on
// gemm.ts, then implicit QL: EISPACK's tql1 lineage), O(n³) and accurate to a few ulps of the largest eigenvalue.
import { BAND, bandToTridiagonal, denseToBand } from './band-reduction.js';
import { gemm, gemmAccumulate } from './gemm.js';

/** Sum of the diagonal of an n × n matrix. */
export function trace(a: Float64Array, n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += a[i * n + i]!;
  return t;
}

/** Columns factored per step of the blocked Cholesky: the trailing update of each step is one product. */
const CHOLESKY_BLOCK = 128;

/**
 * A = L·Lᵀ for a symmetric positive definite A (its lower triangle is read): L lower triangular, n × n row-major.
 * Blocked right-looking: each block of columns is factored in place, and the trailing matrix less the block's outer
 * product is one float64 Gemm (gemm.ts) that leaves the next trailing matrix contiguous. Null when A is not
 * numerically positive definite (a pivot at or below n·ε of the largest diagonal): pivotedCholesky handles that
 * case. */
export async function cholesky(a: Float64Array, n: number): Promise<Float64Array | null> {
  if (a.length !== n * n) throw new RangeError(`cholesky: expected ${n * n} entries, got ${a.length}`);
  const l = new Float64Array(n * n);
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, a[i * n + i]!);
  const tol = n * 2 ** -52 * top;
  // the trailing matrix still to factor, s × s contiguous (its lower triangle is read)
  let w: Float64Array = Float64Array.from(a);
  let s = n;
  for (let k = 0; k < n; k += CHOLESKY_BLOCK) {
    const kb = Math.min(CHOLESKY_BLOCK, s);
    // the block's columns, for every row of the trailing matrix (rows of the block and the panel below it alike)
    for (let c = 0; c < kb; c++) {
      const cr = c * s;
      let d = w[cr + c]!;
      for (let q = 0; q < c; q++) d -= w[cr + q]! ** 2;
      if (!(d > tol)) return null;
      const root = Math.sqrt(d);
      w[cr + c] = root;
      for (let r = c + 1; r < s; r++) {
        const rr = r * s;
        let t = w[rr + c]!;
        for (let q = 0; q < c; q++) t -= w[rr + q]! * w[cr + q]!;
        w[rr + c] = t / root;
      }
    }
    for (let r = 0; r < s; r++) l.set(w.subarray(r * s, r * s + Math.min(kb, r + 1)), (k + r) * n + k);
    const m = s - kb;
    if (m === 0) break;
    const panel = new Float64Array(m * kb);
    const trailing = new Float64Array(m * m);
    for (let r = 0; r < m; r++) {
      panel.set(w.subarray((kb + r) * s, (kb + r) * s + kb), r * kb);
      trailing.set(w.subarray((kb + r) * s + kb, (kb + r + 1) * s), r * m);
    }
    // less the block's outer product, one Gemm
    w = await gemmAccumulate(trailing, panel, panel, { rows: m, cols: m, inner: kb }, -1);
    s = m;
  }
  return l;
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

/** From this size on, the two-stage reduction (band-reduction.ts) runs: its products outgrow its rotations. */
const TWO_STAGE_FROM = 128;

/** Eigenvalues of a symmetric n × n matrix (its lower triangle is read), ascending. */
export async function symmetricEigenvalues(a: Float64Array, n: number): Promise<Float64Array> {
  if (a.length !== n * n) throw new RangeError(`symmetricEigenvalues: expected ${n * n} entries, got ${a.length}`);
  const { d, e } =
    n >= TWO_STAGE_FROM
      ? bandToTridiagonal(await denseToBand(a, n, BAND), n, BAND)
      : await tridiagonalize(Float64Array.from(a), n);
  qlEigenvalues(d, e, n);
  return d.sort();
}

/** Reflectors gathered per panel of the blocked reduction: their rank-2·PANEL update is one product. */
const PANEL = 16;

/**
 * Householder reduction of the lower triangle to tridiagonal form (d: diagonal, e[i]: the entry between i and
 * i + 1), blocked as LAPACK's dsytrd/dlatrd: within a panel of PANEL columns each reflector's symmetric product
 * runs over the not yet updated trailing matrix (one pass over its lower triangle, two multiply-adds per entry,
 * both walking rows) and is corrected by the panel's earlier reflectors; the panel's whole update of the trailing
 * matrix, A − V·Wᵀ − W·Vᵀ, is then one float64 product (gemm.ts). Half the flops run at BLAS speed.
 */
async function tridiagonalize(w: Float64Array, n: number): Promise<{ d: Float64Array; e: Float64Array }> {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // V (reflectors) and W (their updates), n × PANEL row-major, rows below each reflector's column
  const V = new Float64Array(n * PANEL);
  const W = new Float64Array(n * PANEL);
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  const wv = new Float64Array(PANEL);
  const vv = new Float64Array(PANEL);
  for (let k = 0; k < n - 2; k += PANEL) {
    const nb = Math.min(PANEL, n - 2 - k);
    V.fill(0, k * PANEL);
    W.fill(0, k * PANEL);
    for (let i = 0; i < nb; i++) {
      const j = k + i;
      // column j brought up to date with the panel's earlier reflectors (rows j … n − 1)
      for (let r = j; r < n; r++) {
        let s = 0;
        for (let q = 0; q < i; q++) s += V[r * PANEL + q]! * W[j * PANEL + q]! + W[r * PANEL + q]! * V[j * PANEL + q]!;
        w[r * n + j]! -= s;
      }
      d[j] = w[j * n + j]!;
      let scale = 0;
      for (let r = j + 1; r < n; r++) scale += Math.abs(w[r * n + j]!);
      if (scale === 0) {
        e[j] = 0;
        continue;
      }
      let sigma = 0;
      for (let r = j + 1; r < n; r++) {
        v[r] = w[r * n + j]!;
        sigma += (v[r]! / scale) ** 2;
      }
      const norm = scale * Math.sqrt(sigma);
      const x0 = v[j + 1]!;
      const alpha = x0 > 0 ? -norm : norm;
      v[j + 1] = x0 - alpha;
      // H = I − τ·v·vᵀ with vᵀv = 2·norm·(norm + |x0|)
      const tau = 1 / (norm * (norm + Math.abs(x0)));
      e[j] = alpha;
      // p = A·v over the trailing lower triangle as it was before this panel (bound by memory: a second thread
      // over shared memory was measured slower on 2 cores)
      p.fill(0, j + 1);
      symvRows(w, n, v, p, j + 1, j + 1, n);
      // less the panel's earlier updates: V·(Wᵀv) + W·(Vᵀv)
      if (i > 0) {
        wv.fill(0);
        vv.fill(0);
        for (let r = j + 1; r < n; r++) {
          const vr = v[r]!;
          for (let q = 0; q < i; q++) {
            wv[q]! += W[r * PANEL + q]! * vr;
            vv[q]! += V[r * PANEL + q]! * vr;
          }
        }
        for (let r = j + 1; r < n; r++) {
          let s = 0;
          for (let q = 0; q < i; q++) s += V[r * PANEL + q]! * wv[q]! + W[r * PANEL + q]! * vv[q]!;
          p[r]! -= s;
        }
      }
      let vp = 0;
      for (let r = j + 1; r < n; r++) {
        p[r]! *= tau;
        vp += v[r]! * p[r]!;
      }
      const half = (tau / 2) * vp;
      for (let r = j + 1; r < n; r++) {
        V[r * PANEL + i] = v[r]!;
        W[r * PANEL + i] = p[r]! - half * v[r]!;
      }
    }
    // the trailing matrix (rows and columns from k + nb) less V·Wᵀ + W·Vᵀ, its lower triangle
    const t = k + nb;
    const m = n - t;
    // as one product [V W]·[W V]ᵀ, so that the subtraction walks rows of both
    const vw = new Float64Array(m * 2 * PANEL);
    const wvT = new Float64Array(m * 2 * PANEL);
    for (let a = 0; a < m; a++) {
      const src = (t + a) * PANEL;
      vw.set(V.subarray(src, src + PANEL), a * 2 * PANEL);
      vw.set(W.subarray(src, src + PANEL), a * 2 * PANEL + PANEL);
      wvT.set(W.subarray(src, src + PANEL), a * 2 * PANEL);
      wvT.set(V.subarray(src, src + PANEL), a * 2 * PANEL + PANEL);
    }
    const g = await gemm('nt', vw, [m, 2 * PANEL], wvT, [m, 2 * PANEL]);
    for (let a = 0; a < m; a++) {
      const row = (t + a) * n + t;
      const ga = a * m;
      for (let b = 0; b <= a; b++) w[row + b]! -= g[ga + b]!;
    }
  }
  if (n >= 2) {
    d[n - 2] = w[(n - 2) * n + n - 2]!;
    e[n - 2] = w[(n - 1) * n + n - 2]!;
  }
  if (n >= 1) d[n - 1] = w[n * n - 1]!;
  return { d, e };
}

/**
 * Rows [r0, r1) of p = A·v over indices ≥ from (A's lower triangle in w, n × n row-major): each row adds its dot
 * product to its own entry and its column's contributions to the entries before it. Four rows at a time, so each
 * p[c] is loaded and stored once per four rows. p must be zero from `from` on.
 */
function symvRows(
  w: Float64Array,
  n: number,
  v: Float64Array,
  p: Float64Array,
  from: number,
  r0: number,
  r1: number,
): void {
  let r = r0;
  for (; r + 3 < r1; r += 4) {
    const row0 = r * n;
    const row1 = row0 + n;
    const row2 = row1 + n;
    const row3 = row2 + n;
    const [v0, v1, v2, v3] = [v[r]!, v[r + 1]!, v[r + 2]!, v[r + 3]!];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let c = from; c < r; c++) {
      const a0 = w[row0 + c]!;
      const a1 = w[row1 + c]!;
      const a2 = w[row2 + c]!;
      const a3 = w[row3 + c]!;
      const vc = v[c]!;
      s0 += a0 * vc;
      s1 += a1 * vc;
      s2 += a2 * vc;
      s3 += a3 * vc;
      p[c]! += a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
    }
    // the 4 × 4 diagonal block, lower triangle
    const a10 = w[row1 + r]!;
    const a20 = w[row2 + r]!;
    const a21 = w[row2 + r + 1]!;
    const a30 = w[row3 + r]!;
    const a31 = w[row3 + r + 1]!;
    const a32 = w[row3 + r + 2]!;
    p[r]! += s0 + w[row0 + r]! * v0 + a10 * v1 + a20 * v2 + a30 * v3;
    p[r + 1]! += s1 + a10 * v0 + w[row1 + r + 1]! * v1 + a21 * v2 + a31 * v3;
    p[r + 2]! += s2 + a20 * v0 + a21 * v1 + w[row2 + r + 2]! * v2 + a32 * v3;
    p[r + 3]! += s3 + a30 * v0 + a31 * v1 + a32 * v2 + w[row3 + r + 3]! * v3;
  }
  for (; r < r1; r++) {
    const row = r * n;
    const vr = v[r]!;
    let s = w[row + r]! * vr;
    for (let c = from; c < r; c++) {
      const a = w[row + c]!;
      s += a * v[c]!;
      p[c]! += a * vr;
    }
    p[r]! += s;
  }
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
