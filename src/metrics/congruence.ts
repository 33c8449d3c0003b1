// Lᵀ·S·L for a lower-trapezoidal factor L (FID's Σ₁ = L·Lᵀ) and a symmetric S, by column blocks of L so that the
// zeros above each block's diagonal are skipped: half the flops of two full products.
import { gemm } from './gemm.js';

/** Column blocks of the congruence's factor: wide enough for the products, narrow enough that the zeros above each
 * block's diagonal (which it skips) are most of the factor's. */
const CONGRUENCE_BLOCK = 256;

/**
 * Lᵀ·S·L (r × r) for S symmetric (n × n) and L lower trapezoidal (n × r, column j zero above row j, as a Cholesky
 * factor), in half the flops of two full products: column block J of L starts at its row j0, so Lᵀ·S's rows J are
 * L[j0.., J]ᵀ·S[j0.., :], and the result's rows J are L[j0.., J]ᵀ·(S·L)[j0.., :].
 */
export async function lowerCongruence(l: Float64Array, s: Float64Array, n: number, r: number): Promise<Float64Array> {
  if (l.length !== n * r || s.length !== n * n)
    throw new RangeError(`lowerCongruence: expected ${n * r} and ${n * n} entries, got ${l.length} and ${s.length}`);
  const blocks = Array.from({ length: Math.ceil(r / CONGRUENCE_BLOCK) }, (_, i) => {
    const j0 = i * CONGRUENCE_BLOCK;
    const w = Math.min(CONGRUENCE_BLOCK, r - j0);
    const m = n - j0;
    const data = new Float64Array(m * w);
    for (let row = 0; row < m; row++) data.set(l.subarray((j0 + row) * r + j0, (j0 + row) * r + j0 + w), row * w);
    return { j0, w, m, data };
  });
  // (S·L)ᵀ = Lᵀ·S, block rows, then transposed in tiles to S·L (n × r)
  const lts = new Float64Array(r * n);
  for (const b of blocks) lts.set(await gemm('tn', b.data, [b.m, b.w], s.subarray(b.j0 * n), [b.m, n]), b.j0 * n);
  const sl = new Float64Array(n * r);
  const TILE = 32;
  for (let i0 = 0; i0 < r; i0 += TILE)
    for (let k0 = 0; k0 < n; k0 += TILE) {
      const [i1, k1] = [Math.min(i0 + TILE, r), Math.min(k0 + TILE, n)];
      for (let i = i0; i < i1; i++) for (let k = k0; k < k1; k++) sl[k * r + i] = lts[i * n + k]!;
    }
  const out = new Float64Array(r * r);
  for (const b of blocks) out.set(await gemm('tn', b.data, [b.m, b.w], sl.subarray(b.j0 * r), [b.m, r]), b.j0 * r);
  return out;
}
