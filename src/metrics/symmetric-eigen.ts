// Eigenvalues and eigenvectors of a small symmetric matrix by cyclic Jacobi rotations: each sweep zeroes every
// off-diagonal entry once, and the sweeps converge quadratically. O(n³) per sweep in plain JavaScript, so for the
// hundreds of dimensions of principal components of landmarks, not for 2048-d features (band-reduction.ts).

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** Unit eigenvectors as rows [n × n], in the order of `values`. */
  vectors: Float64Array;
}

/** The eigen-decomposition of the symmetric n × n matrix `a` (row-major; read, not changed). */
export function symmetricEigen(a: Float64Array, n: number, tolerance = 1e-13, maxSweeps = 60): SymmetricEigen {
  if (a.length !== n * n) throw new Error(`symmetricEigen: a matrix of ${a.length} entries is not ${n} × ${n}`);
  const m = Float64Array.from(a);
  // v holds the rotations' product; its columns become the eigenvectors
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const scale = Math.sqrt(m.reduce((s, x) => s + x * x, 0)) || 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    if (Math.sqrt(off) <= tolerance * scale) break;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        // the rotation angle that zeroes m[p][q] (Golub and Van Loan, the symmetric Schur decomposition)
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const [mkp, mkq] = [m[k * n + p]!, m[k * n + q]!];
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const [mpk, mqk] = [m[p * n + k]!, m[q * n + k]!];
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const [vkp, vkq] = [v[k * n + p]!, v[k * n + q]!];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j * n + j]! - m[i * n + i]!);
  const values = Float64Array.from(order, (i) => m[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((i, r) => {
    for (let k = 0; k < n; k++) vectors[r * n + k] = v[k * n + i]!;
  });
  return { values, vectors };
}
