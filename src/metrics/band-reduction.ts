// Two-stage reduction of a symmetric matrix to tridiagonal form, for its eigenvalues: first to a band of half-width
// b by blocked Householder (each panel's update of the trailing matrix two float64 products on gemm.ts, so nearly
// all of the O(n³) flops run at BLAS speed), then the band to tridiagonal by Givens rotations chased down the band
// (Schwarz's algorithm, LAPACK's dsbtrd: O(n²·b), plain JavaScript over rows of b-sized windows). The one-stage
// reduction spends half its flops in symmetric matrix-vector products, which are bound by memory in JavaScript.
import { gemm, gemmAccumulate } from './gemm.js';

/** Half-width of the band: the products' inner size against the rotations' O(n²·b). At 2048-d, both stages
 * (tools/metrics/ band-timing.mjs): 1.86 s at 16, 1.76 at 24, 1.60 at 32, 1.82 at 48; a later run 2.26 at 16, 2.00
 * at 32. */
export const BAND = 32;

/** The lower triangle of `a` (n × n row-major) as a full symmetric copy. */
function symmetricCopy(a: Float64Array, n: number): Float64Array {
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const x = a[i * n + j]!;
      w[i * n + j] = x;
      w[j * n + i] = x;
    }
  return w;
}

/**
 * The symmetric matrix (lower triangle of `a` read) reduced in place of a copy to one with zeros beyond `b` of the
 * diagonal and the same eigenvalues: for each panel of b columns, the QR factorisation of the part below the band
 * (Householder, compact WY: Q = I − V·T·Vᵀ) and the two-sided update of the trailing matrix, QᵀAQ = A − Z·Vᵀ − V·Zᵀ
 * with X = A·V·T and Z = X − ½·V·(Tᵀ·Vᵀ·X). Returns the band in lower band storage (bandStorage).
 */
export async function denseToBand(a: Float64Array, n: number, b = BAND): Promise<Float64Array> {
  const width = b + 2;
  const out = new Float64Array(n * width);
  // the trailing matrix still to reduce, s × s contiguous: rows and columns k … n − 1 of the transformed matrix
  let S = symmetricCopy(a, n);
  let s = n;
  let k = 0;
  // lower band storage: A[i][j] (i ≥ j) at i·width + i − j
  const put = (i: number, j: number, x: number) => {
    if (i >= j) out[i * width + i - j] = x;
    else out[j * width + j - i] = x;
  };
  for (; s > b + 1; k += b) {
    const m = s - b; // rows of the panel, below the band
    const nb = Math.min(b, m);
    // the diagonal block is final
    for (let i = 0; i < b; i++) for (let j = 0; j <= i; j++) put(k + i, k + j, S[i * s + j]!);
    // the panel P = S[b.., 0..b) as V (m × nb, unit lower trapezoidal) and R, by Householder QR
    const P = new Float64Array(m * b);
    for (let r = 0; r < m; r++) P.set(S.subarray((b + r) * s, (b + r) * s + b), r * b);
    const V = new Float64Array(m * nb);
    const tau = new Float64Array(nb);
    for (let i = 0; i < nb; i++) {
      let norm2 = 0;
      for (let r = i + 1; r < m; r++) norm2 += P[r * b + i]! ** 2;
      const x0 = P[i * b + i]!;
      V[i * nb + i] = 1;
      if (norm2 === 0) continue; // already zero below: H = I
      const beta = x0 > 0 ? -Math.sqrt(x0 * x0 + norm2) : Math.sqrt(x0 * x0 + norm2);
      tau[i] = (beta - x0) / beta;
      const scale = 1 / (x0 - beta);
      for (let r = i + 1; r < m; r++) V[r * nb + i] = P[r * b + i]! * scale;
      P[i * b + i] = beta;
      for (let r = i + 1; r < m; r++) P[r * b + i] = 0;
      // H = I − τ·v·vᵀ on the panel's later columns
      for (let c = i + 1; c < b; c++) {
        let dot = 0;
        for (let r = i; r < m; r++) dot += V[r * nb + i]! * P[r * b + c]!;
        dot *= tau[i]!;
        if (dot !== 0) for (let r = i; r < m; r++) P[r * b + c]! -= dot * V[r * nb + i]!;
      }
    }
    // R (the panel's rows within the band) is final too; the rows below are zero
    for (let r = 0; r < Math.min(b, m); r++) for (let c = r; c < b; c++) put(k + b + r, k + c, P[r * b + c]!);
    // T (nb × nb upper triangular) of Q = H₀·H₁⋯ = I − V·T·Vᵀ (LAPACK's dlarft, forward, columnwise), from Vᵀ·V
    const VtV = await gemm('tn', V, [m, nb], V, [m, nb]);
    const T = new Float64Array(nb * nb);
    for (let i = 0; i < nb; i++) {
      T[i * nb + i] = tau[i]!;
      if (tau[i] === 0) continue;
      for (let q = 0; q < i; q++) {
        let dot = 0;
        for (let p = q; p < i; p++) dot += T[q * nb + p]! * VtV[p * nb + i]!;
        T[q * nb + i] = -tau[i]! * dot;
      }
    }
    // X = A₂₂·(V·T), M = Tᵀ·(Vᵀ·X), Z = X − ½·V·M: the m-long products on gemm.ts too
    const VT = await gemm('nn', V, [m, nb], T, [nb, nb]);
    const A22 = new Float64Array(m * m);
    for (let r = 0; r < m; r++) A22.set(S.subarray((b + r) * s + b, (b + r + 1) * s), r * m);
    const X = await gemm('nn', A22, [m, m], VT, [m, nb]);
    const VX = await gemm('tn', V, [m, nb], X, [m, nb]);
    const M = await gemm('tn', T, [nb, nb], VX, [nb, nb]);
    const VM = await gemm('nn', V, [m, nb], M, [nb, nb]);
    // QᵀA₂₂Q = A₂₂ − [V Z]·[Z V]ᵀ, one Gemm; its two triangles differ by the order of its sums, in the last bits
    const left = new Float64Array(m * 2 * nb);
    const right = new Float64Array(m * 2 * nb);
    for (let r = 0; r < m; r++)
      for (let c = 0; c < nb; c++) {
        const z = X[r * nb + c]! - 0.5 * VM[r * nb + c]!;
        const v = V[r * nb + c]!;
        left[r * 2 * nb + c] = v;
        left[r * 2 * nb + nb + c] = z;
        right[r * 2 * nb + c] = z;
        right[r * 2 * nb + nb + c] = v;
      }
    S = await gemmAccumulate(A22, left, right, { rows: m, cols: m, inner: 2 * nb }, -1);
    s = m;
  }
  for (let i = 0; i < s; i++) for (let j = 0; j <= i; j++) put(k + i, k + j, S[i * s + j]!);
  return out;
}

/** Lower band storage of a symmetric matrix of half-width b: A[i][j] (i ≥ j, i − j ≤ b + 1) at i·(b + 2) + i − j; one
 * diagonal more than the band, for the bulge that a rotation puts just outside it. */
export const bandWidth = (b: number): number => b + 2;

/**
 * A symmetric band matrix of half-width b (lower band storage, changed) to tridiagonal form with the same
 * eigenvalues: each entry below the subdiagonal is zeroed, column by column from the band's edge inwards, by a
 * rotation of two adjacent rows and columns; the entry that rotation puts one beyond the band (b further down) is
 * chased off the end by more. The storage is n·(b + 2) values, so the rotations run in cache. d: the diagonal,
 * e[i]: the entry between i and i + 1.
 */
export function bandToTridiagonal(w: Float64Array, n: number, b: number): { d: Float64Array; e: Float64Array } {
  const width = bandWidth(b);
  // rotate rows and columns p − 1 and p by (c, s); the other entries of those rows reach from lo to hi
  const rotate = (p: number, c: number, s: number, lo: number, hi: number) => {
    const q = p - 1;
    const [rq, rp] = [q * width + q, p * width + p]; // A[q][k] at rq − k, A[p][k] at rp − k (k ≤ q, k ≤ p)
    for (let k = lo; k < q; k++) {
      const x = w[rq - k]!;
      const y = w[rp - k]!;
      w[rq - k] = c * x + s * y;
      w[rp - k] = c * y - s * x;
    }
    for (let k = p + 1; k <= hi; k++) {
      const row = k * width + k; // A[k][q] at row − q
      const x = w[row - q]!;
      const y = w[row - p]!;
      w[row - q] = c * x + s * y;
      w[row - p] = c * y - s * x;
    }
    const [aqq, apq, app] = [w[rq - q]!, w[rp - q]!, w[rp - p]!];
    w[rq - q] = c * c * aqq + 2 * c * s * apq + s * s * app;
    w[rp - p] = s * s * aqq - 2 * c * s * apq + c * c * app;
    w[rp - q] = (c * c - s * s) * apq + c * s * (app - aqq);
  };
  // the rotation of rows p − 1 and p that zeroes entry (p, col) against (p − 1, col); false if it is zero already
  const annihilate = (p: number, col: number): boolean => {
    const at = p * width + p - col;
    const y = w[at]!;
    if (y === 0) return false;
    const x = w[(p - 1) * width + p - 1 - col]!;
    const r = Math.hypot(x, y);
    rotate(p, x / r, y / r, Math.max(0, p - b - 1), Math.min(n - 1, p + b));
    w[at] = 0;
    return true;
  };
  for (let j = 0; j < n - 2; j++) {
    for (let k = Math.min(b, n - 1 - j); k >= 2; k--) {
      // zero (j + k, j); the rotation of rows j + k − 1, j + k puts a bulge at (j + k + b, j + k − 1)
      if (!annihilate(j + k, j)) continue;
      for (let p = j + k + b; p < n; p += b) if (!annihilate(p, p - b - 1)) break;
    }
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    d[i] = w[i * width]!;
    if (i + 1 < n) e[i] = w[(i + 1) * width + 1]!;
  }
  return { d, e };
}
