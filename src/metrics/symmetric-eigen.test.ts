import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { symmetricEigen } from './symmetric-eigen.js';

/** A random symmetric matrix from a seeded generator. */
function randomSymmetric(n: number, seed: number): Float64Array {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = next();
  return a;
}

test('symmetricEigen: A·v = λ·v for every pair, orthonormal vectors, values largest first', () => {
  const n = 40;
  const a = randomSymmetric(n, 7);
  const { values, vectors } = symmetricEigen(a, n);
  for (let r = 0; r < n; r++) {
    assert.ok(r === 0 || values[r - 1]! >= values[r]!, 'values are sorted, largest first');
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let k = 0; k < n; k++) av += a[i * n + k]! * vectors[r * n + k]!;
      assert.ok(Math.abs(av - values[r]! * vectors[r * n + i]!) < 1e-10, `row ${i} of A·v for pair ${r}`);
    }
    for (let q = 0; q <= r; q++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += vectors[r * n + k]! * vectors[q * n + k]!;
      assert.ok(Math.abs(dot - (q === r ? 1 : 0)) < 1e-10, `vectors ${r} and ${q} are orthonormal`);
    }
  }
});

test('symmetricEigen: the eigenvalues numpy gives for the same matrix', () => {
  const n = 12;
  const a = randomSymmetric(n, 3);
  const script = `import json,sys,numpy as np
a=np.array(json.loads(sys.stdin.read())).reshape(${n},${n})
print(json.dumps(sorted(np.linalg.eigvalsh(a).tolist(),reverse=True)))`;
  const numpy = JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify([...a]) }).toString(),
  );
  const { values } = symmetricEigen(a, n);
  numpy.forEach((v: number, i: number) =>
    assert.ok(Math.abs(values[i]! - v) < 1e-12, `eigenvalue ${i}: ${values[i]} vs ${v}`),
  );
});
