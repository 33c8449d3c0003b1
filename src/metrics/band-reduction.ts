// Two-stage reduction of a symmetric matrix to tridiagonal form, for its eigenvalues: first to a band of half-width
// b by blocked Householder (each panel's update of the trailing matrix two float64 products on gemm.ts, so nearly
// all of the O(n³) flops run at BLAS speed), then the band to tridiagonal by Givens rotations chased down the band
// (Schwarz's algorithm, LAPACK's dsbtrd: O(n²·b), plain JavaScript over rows of b-sized windows). The one-stage
// reduction spends half its flops in symmetric matrix-vector products, which are bound by memory in JavaScript.
import { gemm, gemmAccumulate } from './gemm.js';

/** Half-width of the band: the products' inner size against the rotations' O(n²·b) (2048-d: 16 measured fastest). */
export const BAND = 16;

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
 * with X = A·V·T and Z = X − ½·V·(Tᵀ·Vᵀ·X). Returns the band matrix in full storage (n × n, symmetric).
 */
export async function denseToBand(a: Float64Array, n: number, b = BAND): Promise<Float64Array> {
  const out = new Float64Array(n * n);
  // the trailing matrix still to reduce, s × s contiguous: rows and columns k … n − 1 of the transformed matrix
  let S = symmetricCopy(a, n);
  let s = n;
  let k = 0;
  const put = (i: number, j: number, x: number) => {
    out[i * n + j] = x;
    out[j * n + i] = x;
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
    // T (nb × nb upper triangular) of Q = H₀·H₁⋯ = I − V·T·Vᵀ (LAPACK's dlarft, forward, columnwise)
    const T = new Float64Array(nb * nb);
    const vtv = new Float64Array(nb);
    for (let i = 0; i < nb; i++) {
      T[i * nb + i] = tau[i]!;
      if (i === 0 || tau[i] === 0) continue;
      vtv.fill(0);
      for (let r = i; r < m; r++) {
        const vi = V[r * nb + i]!;
        for (let q = 0; q < i; q++) vtv[q]! += V[r * nb + q]! * vi;
      }
      for (let q = 0; q < i; q++) {
        let dot = 0;
        for (let p = q; p < i; p++) dot += T[q * nb + p]! * vtv[p]!;
        T[q * nb + i] = -tau[i]! * dot;
      }
    }
    // X = A₂₂·(V·T), M = Tᵀ·(Vᵀ·X), Z = X − ½·V·M
    const VT = new Float64Array(m * nb);
    for (let r = 0; r < m; r++)
      for (let c = 0; c < nb; c++) {
        let dot = 0;
        for (let p = 0; p <= c; p++) dot += V[r * nb + p]! * T[p * nb + c]!;
        VT[r * nb + c] = dot;
      }
    const A22 = new Float64Array(m * m);
    for (let r = 0; r < m; r++) A22.set(S.subarray((b + r) * s + b, (b + r + 1) * s), r * m);
    const X = await gemm('nn', A22, [m, m], VT, [m, nb]);
    const VX = new Float64Array(nb * nb);
    for (let r = 0; r < m; r++)
      for (let p = 0; p < nb; p++) {
        const v = V[r * nb + p]!;
        if (v !== 0) for (let c = 0; c < nb; c++) VX[p * nb + c]! += v * X[r * nb + c]!;
      }
    const M = new Float64Array(nb * nb);
    for (let p = 0; p < nb; p++)
      for (let c = 0; c < nb; c++) {
        let dot = 0;
        for (let q = 0; q <= p; q++) dot += T[q * nb + p]! * VX[q * nb + c]!;
        M[p * nb + c] = dot;
      }
    // QᵀA₂₂Q = A₂₂ − [V Z]·[Z V]ᵀ, one Gemm; its two triangles differ by the order of its sums, in the last bits
    const left = new Float64Array(m * 2 * nb);
    const right = new Float64Array(m * 2 * nb);
    for (let r = 0; r < m; r++)
      for (let c = 0; c < nb; c++) {
        let vm = 0;
        for (let p = 0; p < nb; p++) vm += V[r * nb + p]! * M[p * nb + c]!;
        const z = X[r * nb + c]! - 0.5 * vm;
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

/**
 * A symmetric band matrix of half-width b (full storage, n × n row-major; changed) to tridiagonal form with the same
 * eigenvalues: each entry below the subdiagonal is zeroed, column by column from the band's edge inwards, by a
 * rotation of two adjacent rows and columns; the entry that rotation puts one beyond the band (b further down) is
 * chased off the end by more. d: the diagonal, e[i]: the entry between i and i + 1.
 */
export function bandToTridiagonal(w: Float64Array, n: number, b: number): { d: Float64Array; e: Float64Array } {
  // rotate rows and columns p − 1 and p by (c, s) so that entry (p, col) becomes zero; entries reach from lo to hi
  const rotate = (p: number, c: number, s: number, lo: number, hi: number) => {
    const q = p - 1;
    const [rq, rp] = [q * n, p * n];
    for (let k = lo; k <= hi; k++) {
      if (k === q || k === p) continue;
      const x = w[rq + k]!;
      const y = w[rp + k]!;
      const nx = c * x + s * y;
      const ny = c * y - s * x;
      w[rq + k] = nx;
      w[rp + k] = ny;
      w[k * n + q] = nx;
      w[k * n + p] = ny;
    }
    const [aqq, apq, app] = [w[rq + q]!, w[rp + q]!, w[rp + p]!];
    const nqq = c * c * aqq + 2 * c * s * apq + s * s * app;
    const npp = s * s * aqq - 2 * c * s * apq + c * c * app;
    const npq = (c * c - s * s) * apq + c * s * (app - aqq);
    w[rq + q] = nqq;
    w[rp + p] = npp;
    w[rp + q] = npq;
    w[rq + p] = npq;
  };
  // the rotation of rows p − 1 and p that zeroes entry (p, col) against (p − 1, col); false if it is zero already
  const annihilate = (p: number, col: number): boolean => {
    const y = w[p * n + col]!;
    if (y === 0) return false;
    const x = w[(p - 1) * n + col]!;
    const r = Math.hypot(x, y);
    rotate(p, x / r, y / r, Math.max(0, p - 1 - b - 1), Math.min(n - 1, p + b + 1));
    w[p * n + col] = 0;
    w[col * n + p] = 0;
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
    d[i] = w[i * n + i]!;
    if (i + 1 < n) e[i] = w[(i + 1) * n + i]!;
  }
  return { d, e };
}
