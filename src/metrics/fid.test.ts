import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { InvalidOptionError } from '../errors.js';
import { FeatureStats, featureStats } from './feature-stats.js';
import { fidFromFeatures, frechetDistance, frechetDistanceDetailed } from './fid.js';

// Reference values: /work/shared/reference/metrics/make_metrics_reference.py (numpy 1.24 / scipy 1.10).
const REF = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'reference', 'metrics');
const ref = JSON.parse(readFileSync(resolve(REF, 'fid_case.json'), 'utf8')) as {
  A: number[][];
  B: number[][];
  mean_sq_diff: number;
  fid_scipy_sqrtm: number;
  fid_symmetric_eigh: number;
  fid_A_vs_A: number;
  singular_case: { fid_scipy_sqrtm: number; fid_symmetric_eigh: number };
};

function assertRel(actual: number, expected: number, tol: number, what: string): void {
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(
    rel <= tol,
    `${what}: got ${actual}, expected ${expected} (relative error ${rel.toExponential(2)} > ${tol})`,
  );
}

it('FID matches pytorch-fid (scipy sqrtm) on the 64-d Gaussian sets', async () => {
  const r = await frechetDistanceDetailed(await featureStats(ref.A), await featureStats(ref.B));
  assertRel(r.meanTerm, ref.mean_sq_diff, 1e-12, '‖μA − μB‖²');
  assertRel(r.fid, ref.fid_scipy_sqrtm, 1e-10, 'FID');
  assertRel(r.fid, ref.fid_symmetric_eigh, 1e-10, 'FID (symmetric eigh form)');
  assert.equal(r.usedEps, false);
});

it('FID of a set against itself is 0', async () => {
  const s = await featureStats(ref.A);
  const f = await frechetDistance(s, s);
  assert.ok(Math.abs(f - ref.fid_A_vs_A) <= 1e-8, `FID(A, A) = ${f}`);
});

// scipy's own sqrtm leaves an imaginary part of 7e-8 here: the rounding noise of a rank-deficient covariance
// decides the figure below about 1e-7, whichever method reads it
it('FID with rank-deficient covariances (fewer samples than dimensions) matches scipy sqrtm', async () => {
  const f = await fidFromFeatures(ref.A.slice(0, 40), ref.B.slice(0, 30));
  assertRel(f, ref.singular_case.fid_scipy_sqrtm, 1e-6, 'singular FID');
  assertRel(f, ref.singular_case.fid_symmetric_eigh, 1e-6, 'singular FID (symmetric eigh form)');
});

it('FID does not depend on the batch size the features were streamed in', async () => {
  const flat = (rows: number[][]): Float64Array => Float64Array.from(rows.flat());
  const batched = async (rows: number[][], batch: number) => {
    const s = new FeatureStats(64);
    for (let i = 0; i < rows.length; i += batch) {
      const part = rows.slice(i, i + batch);
      await s.add(flat(part), part.length);
    }
    return s.finish();
  };
  const whole = await frechetDistance(await batched(ref.A, 200), await batched(ref.B, 150));
  for (const [ba, bb] of [
    [1, 7],
    [13, 64],
    [50, 1],
  ] as const) {
    const f = await frechetDistance(await batched(ref.A, ba), await batched(ref.B, bb));
    assertRel(f, whole, 1e-12, `FID with batches ${ba}/${bb}`);
  }
  assertRel(whole, ref.fid_scipy_sqrtm, 1e-6, 'streamed FID');
});

it('FID rejects what cannot give a number, saying what to do', async () => {
  await assert.rejects(
    () => fidFromFeatures(ref.A.slice(0, 1), ref.B),
    (e: Error) => e instanceof InvalidOptionError && /at least 2 samples/.test(e.message),
  );
  await assert.rejects(
    async () => frechetDistance(await featureStats(ref.A), await featureStats(ref.B.map((r) => r.slice(0, 32)))),
    (e: Error) => e instanceof InvalidOptionError && /same dimension/.test(e.message),
  );
});
