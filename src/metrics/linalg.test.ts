import assert from 'node:assert/strict';
import { it } from 'node:test';
import { matMul, symmetricEigen, trace, transpose } from './linalg.js';
import { seededRandom } from './prng.js';

// Checks against exact answers (known spectra), not against values computed by this code.

it('matMul and trace agree with hand-computed products', () => {
  const a = Float64Array.from([1, 2, 3, 4, 5, 6]); // 2 × 3
  const b = Float64Array.from([7, 8, 9, 10, 11, 12]); // 3 × 2
  assert.deepEqual(Array.from(matMul(a, b, 2, 3, 2)), [58, 64, 139, 154]);
  assert.deepEqual(Array.from(transpose(a, 2, 3)), [1, 4, 2, 5, 3, 6]);
  assert.equal(trace(Float64Array.from([58, 64, 139, 154]), 2), 212);
});

it('symmetric eigendecomposition recovers a known spectrum and orthonormal vectors', () => {
  const n = 40;
  const rng = seededRandom(1);
  // Q from Gram–Schmidt on random vectors; A = Q diag(λ) Qᵀ with λ = 1..n, one repeated, one zero.
  const q = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) q[i * n + j] = rng() - 0.5;
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i * n + j]! * q[i * n + k]!;
      for (let i = 0; i < n; i++) q[i * n + j]! -= dot * q[i * n + k]!;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[i * n + j]! ** 2;
    for (let i = 0; i < n; i++) q[i * n + j]! /= Math.sqrt(norm);
  }
  const lambda = Array.from({ length: n }, (_, i) => i);
  lambda[5] = 4;
  const qd = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) qd[i * n + j] = q[i * n + j]! * lambda[j]!;
  const a = matMul(qd, transpose(q, n, n), n, n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!; // exact symmetry
  const { values, vectors } = symmetricEigen(a, n);
  const sorted = [...lambda].sort((x, y) => x - y);
  values.forEach((v, i) => assert.ok(Math.abs(v - sorted[i]!) < 1e-12 * n, `λ${i} = ${v}, expected ${sorted[i]}`));
  // A v = λ v and VᵀV = I.
  const av = matMul(a, vectors, n, n, n);
  const vtv = matMul(transpose(vectors, n, n), vectors, n, n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      assert.ok(Math.abs(av[i * n + j]! - values[j]! * vectors[i * n + j]!) < 1e-11, 'A v = λ v');
      assert.ok(Math.abs(vtv[i * n + j]! - (i === j ? 1 : 0)) < 1e-13, 'VᵀV = I');
    }
  }
});

it('handles 1 × 1, diagonal and already-tridiagonal inputs', () => {
  assert.deepEqual(Array.from(symmetricEigen(Float64Array.from([3]), 1).values), [3]);
  assert.deepEqual(Array.from(symmetricEigen(Float64Array.from([2, 0, 0, -1]), 2).values), [-1, 2]);
  const t = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2).values;
  assert.ok(Math.abs(t[0]! - 1) < 1e-15 && Math.abs(t[1]! - 3) < 1e-15);
});
