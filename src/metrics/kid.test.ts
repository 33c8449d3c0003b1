import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { InvalidOptionError } from '../errors.js';
import { kernelInceptionDistance, mmd2, polynomialKernel } from './kid.js';
import { seededRandom } from './prng.js';

const REF = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'reference', 'metrics');
const read = (name: string): unknown => JSON.parse(readFileSync(resolve(REF, name), 'utf8'));
const fidCase = read('fid_case.json') as { A: number[][]; B: number[][] };
const ref = read('kid_case.json') as {
  kid_unbiased: number;
  kid_cleanfid_formula: number;
  mmd2_biased: number;
  kid_X_vs_X_first50_vs_last50: number;
  Kxy_00: number;
  Kxx_01: number;
};
// The reference's fixed subsets: X = A[0:100], Y = B[0:100].
const X = fidCase.A.slice(0, 100);
const Y = fidCase.B.slice(0, 100);

function assertRel(actual: number, expected: number, tol: number, what: string): void {
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(
    rel <= tol,
    `${what}: got ${actual}, expected ${expected} (relative error ${rel.toExponential(2)} > ${tol})`,
  );
}

it('cubic polynomial kernel entries match (x·y/d + 1)^3', async () => {
  assertRel((await polynomialKernel(X.slice(0, 1), Y.slice(0, 1)))[0]!, ref.Kxy_00, 1e-13, 'Kxy[0,0]');
  assertRel((await polynomialKernel(X.slice(0, 2), X.slice(0, 2)))[1]!, ref.Kxx_01, 1e-13, 'Kxx[0,1]');
});

it('unbiased and biased MMD² match the reference on the fixed subsets', async () => {
  const u = await mmd2(X, Y);
  assertRel(u, ref.kid_unbiased, 1e-6, 'unbiased MMD²');
  assertRel(u, ref.kid_cleanfid_formula, 1e-6, 'clean-fid formula');
  assertRel(await mmd2(X, Y, { estimator: 'biased' }), ref.mmd2_biased, 1e-6, 'biased MMD²');
  assertRel(await mmd2(X.slice(0, 50), X.slice(50)), ref.kid_X_vs_X_first50_vs_last50, 1e-6, 'X[:50] vs X[50:]');
});

it('MMD² calls at once (their packing buffers are kept between calls) give what each gives alone', async () => {
  const pairs: [number[][], number[][]][] = [
    [X, Y],
    [fidCase.A.slice(100, 200), Y],
    [X, fidCase.B.slice(100, 200)],
  ];
  const alone: number[] = [];
  for (const [a, b] of pairs) alone.push(await mmd2(a, b));
  assert.equal(new Set(alone).size, 3);
  assert.deepEqual(await Promise.all(pairs.map(([a, b]) => mmd2(a, b))), alone);
  assert.deepEqual(await Promise.all(pairs.map(([a, b]) => mmd2(a, b))), alone);
});

it('KID over subsets: a subset size capped at the set size reuses the whole sets every time', async () => {
  const r = await kernelInceptionDistance(X, Y, { subsets: 5, subsetSize: 1000, rng: seededRandom(3) });
  assert.equal(r.subsetSize, 100);
  assertRel(r.mean, ref.kid_unbiased, 1e-6, 'KID mean');
  assert.ok(r.std < 1e-12 * ref.kid_unbiased, `std over identical subsets ${r.std}`);
});

it('KID with random subsets is reproducible from the seed and lies around the full-set value', async () => {
  const a = await kernelInceptionDistance(X, Y, { subsets: 20, subsetSize: 50, rng: seededRandom(7) });
  const b = await kernelInceptionDistance(X, Y, { subsets: 20, subsetSize: 50, rng: seededRandom(7) });
  assert.deepEqual(a, b);
  assert.ok(Math.abs(a.mean - ref.kid_unbiased) < 4 * a.std, `mean ${a.mean} ± ${a.std} vs ${ref.kid_unbiased}`);
});

it('KID rejects subsets smaller than 2 and mismatched dimensions', async () => {
  await assert.rejects(
    () => kernelInceptionDistance(X, Y, { subsetSize: 1 }),
    (e: Error) => e instanceof InvalidOptionError && /at least 2/.test(e.message),
  );
  await assert.rejects(() => kernelInceptionDistance(X.slice(0, 1), Y), InvalidOptionError);
  await assert.rejects(
    () =>
      mmd2(
        X,
        Y.map((r) => r.slice(1)),
      ),
    /same dimension/,
  );
});
