import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { InvalidOptionError } from '../errors.js';
import { FeatureStats, featureStats } from './feature-stats.js';
import { trace } from './linalg.js';
import { gaussian, seededRandom } from './prng.js';

const REF = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'reference', 'metrics');
const ref = JSON.parse(readFileSync(resolve(REF, 'fid_case.json'), 'utf8')) as {
  A: number[][];
  B: number[][];
  mu_A: number[];
  mu_B: number[];
  trace_sigma_A: number;
  trace_sigma_B: number;
  sigma_A_00: number;
  sigma_A_01: number;
  sigma_B_00: number;
  sigma_B_01: number;
};

function assertRel(actual: number, expected: number, tol: number, what: string): void {
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(
    rel <= tol,
    `${what}: got ${actual}, expected ${expected} (relative error ${rel.toExponential(2)} > ${tol})`,
  );
}

it('mean and ddof=1 covariance match np.mean / np.cov(rowvar=False)', async () => {
  const a = await featureStats(ref.A);
  const b = await featureStats(ref.B);
  ref.mu_A.forEach((m, i) => assert.ok(Math.abs(a.mean[i]! - m) <= 1e-13, `mu_A[${i}]`));
  ref.mu_B.forEach((m, i) => assert.ok(Math.abs(b.mean[i]! - m) <= 1e-13, `mu_B[${i}]`));
  assertRel(trace(a.cov, 64), ref.trace_sigma_A, 1e-13, 'Tr ΣA');
  assertRel(trace(b.cov, 64), ref.trace_sigma_B, 1e-13, 'Tr ΣB');
  assertRel(a.cov[0]!, ref.sigma_A_00, 1e-12, 'ΣA[0,0]');
  assertRel(a.cov[1]!, ref.sigma_A_01, 1e-11, 'ΣA[0,1]');
  assertRel(b.cov[0]!, ref.sigma_B_00, 1e-12, 'ΣB[0,0]');
  assertRel(b.cov[1]!, ref.sigma_B_01, 1e-11, 'ΣB[0,1]');
  assert.equal(a.cov[64], a.cov[1]);
});

it('stays accurate for features far from the origin (no catastrophic cancellation)', async () => {
  const off = ref.A.map((r) => r.map((x) => x + 1e6));
  const s = await featureStats(off);
  assertRel(trace(s.cov, 64), ref.trace_sigma_A, 1e-8, 'Tr Σ of shifted features');
});

it('flat batches and row arrays give identical statistics', async () => {
  const s = new FeatureStats(64);
  await (await s.add(Float64Array.from(ref.A.slice(0, 3).flat()), 3)).addRows(ref.A.slice(3));
  assert.deepEqual(await s.finish(), await featureStats(ref.A));
});

it('more rows than one product block: identical for any batching, and equal to the two-pass covariance', async () => {
  // 2500 rows of 16 dimensions (blocks of 1024 rows): the sums must not depend on how rows arrived
  const rng = seededRandom(5);
  const d = 16;
  const rows = Array.from({ length: 2500 }, () => Float64Array.from({ length: d }, () => gaussian(rng) + 3));
  const batched = async (batch: number) => {
    const s = new FeatureStats(d);
    for (let i = 0; i < rows.length; i += batch) {
      const part = rows.slice(i, i + batch);
      await s.add(Float64Array.from(part.flatMap((r) => [...r])), part.length);
    }
    return s.finish();
  };
  const whole = await batched(2500);
  for (const b of [1, 7, 1000, 1024]) assert.deepEqual(await batched(b), whole, `batches of ${b}`);
  // a covariance read mid-stream (mid-block) changes nothing that follows
  const peeked = new FeatureStats(d);
  await peeked.add(Float64Array.from(rows.slice(0, 1500).flatMap((r) => [...r])), 1500);
  await peeked.covariance();
  await peeked.add(Float64Array.from(rows.slice(1500).flatMap((r) => [...r])), 1000);
  assert.deepEqual(await peeked.finish(), whole, 'a read mid-stream');
  // two-pass covariance in plain loops
  const mean = new Float64Array(d);
  for (const r of rows) for (let i = 0; i < d; i++) mean[i]! += r[i]! / rows.length;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let c = 0;
      for (const r of rows) c += (r[i]! - mean[i]!) * (r[j]! - mean[j]!);
      c /= rows.length - 1;
      assert.ok(Math.abs(whole.cov[i * d + j]! - c) < 1e-12 * (1 + Math.abs(c)), `Σ[${i},${j}]`);
    }
  }
});

it('rejects malformed input with messages that say what to do', async () => {
  const s = new FeatureStats(4);
  await assert.rejects(
    () => s.add(new Float64Array(7), 2),
    (e: Error) => e instanceof InvalidOptionError && /needs 8 numbers/.test(e.message),
  );
  await assert.rejects(() => s.addRows([[1, 2, 3]]), /must have 4 values/);
  await assert.rejects(() => s.addRows([[1, 2, NaN, 4]]), /non-finite/);
  await s.addRows([[1, 2, 3, 4]]);
  await assert.rejects(
    () => s.covariance(),
    (e: Error) => e instanceof InvalidOptionError && /at least 2 samples, got 1/.test(e.message),
  );
  assert.throws(() => new FeatureStats(0), InvalidOptionError);
});
