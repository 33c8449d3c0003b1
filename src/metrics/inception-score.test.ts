import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { InvalidOptionError } from '../errors.js';
import {
  ClassProbabilityStats,
  inceptionScore,
  modifiedInceptionScore,
  modifiedInceptionScoreGlobal,
} from './inception-score.js';

const REF = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'reference', 'metrics');
const ref = JSON.parse(readFileSync(resolve(REF, 'is_case.json'), 'utf8')) as {
  C: number;
  logits: number[][];
  is_mean: number;
  is_std_ddof0: number;
  is_std_ddof1: number;
  is_per_split: number[];
  is_single_split: number;
  mis_deligan_mean: number;
  mis_deligan_std: number;
  mis_deligan_per_class: Record<string, number | null>;
  mis_global_all_pairs: number;
};

function assertRel(actual: number, expected: number, tol: number, what: string): void {
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(
    rel <= tol,
    `${what}: got ${actual}, expected ${expected} (relative error ${rel.toExponential(2)} > ${tol})`,
  );
}

const stats = new ClassProbabilityStats(ref.C).addLogitRows(ref.logits);

it('IS with 10 contiguous splits matches torch-fidelity (mean, std ddof 0 and 1, every split)', () => {
  const r = inceptionScore(stats);
  assertRel(r.mean, ref.is_mean, 1e-6, 'IS mean');
  assertRel(r.std, ref.is_std_ddof0, 1e-6, 'IS std (ddof 0)');
  assertRel(r.stdSample, ref.is_std_ddof1, 1e-6, 'IS std (ddof 1)');
  ref.is_per_split.forEach((s, i) => assertRel(r.perSplit[i]!, s, 1e-6, `split ${i}`));
  assertRel(inceptionScore(stats, { splits: 1 }).mean, ref.is_single_split, 1e-6, 'IS, one split');
});

it('IS does not depend on the batch size the logits were streamed in', () => {
  const whole = inceptionScore(stats).mean;
  for (const batch of [1, 3, 7, 33]) {
    const s = new ClassProbabilityStats(ref.C);
    for (let i = 0; i < ref.logits.length; i += batch) {
      const part = ref.logits.slice(i, i + batch);
      s.addLogits(Float64Array.from(part.flat()), part.length);
    }
    assertRel(inceptionScore(s).mean, whole, 1e-12, `IS with batch ${batch}`);
    assertRel(modifiedInceptionScoreGlobal(s), ref.mis_global_all_pairs, 1e-6, `global m-IS with batch ${batch}`);
  }
});

it('m-IS per predicted class matches DeLiGAN', () => {
  const r = modifiedInceptionScore(stats);
  assertRel(r.mean, ref.mis_deligan_mean, 1e-6, 'm-IS mean');
  assertRel(r.std, ref.mis_deligan_std, 1e-6, 'm-IS std');
  Object.entries(ref.mis_deligan_per_class).forEach(([k, v]) => {
    const got = r.perClass[Number(k)];
    if (v === null) assert.equal(got, null, `class ${k} has no samples`);
    else assertRel(got!, v, 1e-6, `m-IS class ${k}`);
  });
});

it('global all-pairs m-IS matches the reference', () => {
  assertRel(modifiedInceptionScoreGlobal(stats), ref.mis_global_all_pairs, 1e-6, 'global m-IS');
});

it('rejects bad logits and too few samples with messages that say what to do', () => {
  const s = new ClassProbabilityStats(3);
  assert.throws(
    () => s.addLogits(new Float64Array(5), 2),
    (e: Error) => e instanceof InvalidOptionError && /needs 6 numbers/.test(e.message),
  );
  assert.throws(() => s.addLogitRows([[1, 2]]), /3 values/);
  assert.throws(() => s.addLogitRows([[1, Infinity, 2]]), /non-finite/);
  s.addLogitRows([[1, 2, 3]]);
  assert.throws(
    () => inceptionScore(s),
    (e: Error) => e instanceof InvalidOptionError && /at least 10 samples/.test(e.message),
  );
  assert.throws(() => new ClassProbabilityStats(1), InvalidOptionError);
});

it('IS is never below 1: a split of one sample reads exactly 1, where the rounding of its two sums gave 1 − 9e-16', () => {
  // 12 samples of 1008 classes, one per split: without the clamp, splits 4 and 7 read 1 − 8.9e-16
  const rows = Array.from({ length: 12 }, (_, i) =>
    Array.from({ length: 1008 }, (_, k) => Math.sin(i * 7.1 + k * 1.7) * 3),
  );
  const r = inceptionScore(new ClassProbabilityStats(1008).addLogitRows(rows), { splits: 12 });
  assert.ok(
    r.perSplit.every((v) => v === 1),
    [...r.perSplit].map((v) => v - 1).join(),
  );
  assert.equal(r.mean, 1);
});
