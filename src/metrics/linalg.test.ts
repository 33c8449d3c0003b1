import assert from 'node:assert/strict';
import { it } from 'node:test';
import { product, withSpectrum } from '../../tests/support/matrices.js';
import { cholesky, pivotedCholesky, symmetricEigenvalues, trace } from './linalg.js';

// Checks against exact answers (known spectra, known factors), not against values computed by this code.

it('trace sums the diagonal', () => {
  assert.equal(trace(Float64Array.from([58, 64, 139, 154]), 2), 212);
});

it('symmetric eigenvalues recover known spectra: repeated, zero, negative and spread over 12 decades', async () => {
  const n = 40;
  const lambda = Array.from({ length: n }, (_, i) => i);
  lambda[5] = 4;
  lambda[7] = -3;
  const values = await symmetricEigenvalues(withSpectrum(lambda, 1), n);
  const sorted = [...lambda].sort((x, y) => x - y);
  values.forEach((v, i) => assert.ok(Math.abs(v - sorted[i]!) < 1e-12 * n, `λ${i} = ${v}, expected ${sorted[i]}`));
  // a covariance-like spectrum over several panels of the blocked reduction: accurate to a few ulps of the largest
  const m = 150;
  const spread = Array.from({ length: m }, (_, i) => 10 ** (-12 * (i / (m - 1))));
  const got = await symmetricEigenvalues(withSpectrum(spread, 2), m);
  const want = [...spread].sort((x, y) => x - y);
  got.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-13, `λ${i} = ${v}, expected ${want[i]}`));
});

it('symmetric eigenvalues read only the lower triangle, and handle 1 × 1, 2 × 2 and diagonal inputs', async () => {
  assert.deepEqual(Array.from(await symmetricEigenvalues(Float64Array.from([3]), 1)), [3]);
  assert.deepEqual(Array.from(await symmetricEigenvalues(Float64Array.from([2, 0, 0, -1]), 2)), [-1, 2]);
  const t = await symmetricEigenvalues(Float64Array.from([2, 99, 1, 2]), 2);
  assert.ok(Math.abs(t[0]! - 1) < 1e-15 && Math.abs(t[1]! - 3) < 1e-15, `${t}`);
  const diag = await symmetricEigenvalues(Float64Array.from([5, 0, 0, 0, 1, 0, 0, 0, 3]), 3);
  assert.deepEqual(Array.from(diag), [1, 3, 5]);
  // already diagonal over several panels (every reflector is skipped), with garbage above the diagonal
  const n = 140;
  const big = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    big[i * n + i] = n - i;
    for (let j = i + 1; j < n; j++) big[i * n + j] = 7;
  }
  assert.deepEqual(
    Array.from(await symmetricEigenvalues(big, n)),
    Array.from({ length: n }, (_, i) => i + 1),
  );
});

it('pivoted Cholesky: P·L·Lᵀ·Pᵀ gives the matrix back, with its rank when it is singular', () => {
  for (const [n, rank] of [
    [30, 30],
    [30, 7],
  ] as const) {
    const lambda = Array.from({ length: n }, (_, i) => (i < rank ? 1 + i : 0));
    const a = withSpectrum(lambda, 3 + rank);
    const f = pivotedCholesky(a, n);
    assert.equal(f.rank, rank, `rank of a ${n} × ${n} matrix of rank ${rank}`);
    assert.deepEqual(
      [...f.perm].sort((x, y) => x - y),
      Array.from({ length: n }, (_, i) => i),
      'a permutation',
    );
    const r = f.rank;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < r; j++) if (j > i) assert.equal(f.factor[i * r + j], 0, 'lower triangular');
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < r; k++) s += f.factor[i * r + k]! * f.factor[j * r + k]!;
        const want = a[f.perm[i]! * n + f.perm[j]!]!;
        assert.ok(Math.abs(s - want) < 1e-12 * n, `(LLᵀ)[${i},${j}] = ${s}, expected ${want}`);
      }
    }
  }
  assert.equal(pivotedCholesky(new Float64Array(9), 3).rank, 0, 'the zero matrix has rank 0');
});

it('blocked Cholesky: L·Lᵀ gives a positive definite matrix back over several blocks; null for a singular one', async () => {
  const n = 300;
  const lambda = Array.from({ length: n }, (_, i) => 0.01 + i);
  const a = withSpectrum(lambda, 9);
  const l = (await cholesky(a, n))!;
  assert.ok(l, 'positive definite: a factor');
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) assert.equal(l[i * n + j], 0, 'lower triangular');
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += l[i * n + k]! * l[j * n + k]!;
      worst = Math.max(worst, Math.abs(s - a[i * n + j]!));
    }
  }
  assert.ok(worst < 1e-10 * n, `‖LLᵀ − A‖max = ${worst}`);
  const singular = withSpectrum(
    Array.from({ length: 20 }, (_, i) => (i < 12 ? 1 + i : 0)),
    4,
  );
  assert.equal(await cholesky(singular, 20), null);
});
