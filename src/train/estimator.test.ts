import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { readSafetensors } from '../nn/safetensors.js';
import { resolveEstimatorOptions, trainEstimator } from './estimator.js';

const data = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'faces128');
const quiet = { log: () => undefined };

it('AU estimator: resumes exactly, and a finished run writes ONNX and its test-split scores', async () => {
  const runs = mkdtempSync(join(tmpdir(), 'ganimate-est-'));
  const o = resolveEstimatorOptions({ data, config: 'estimator-tiny', runs, maxIterations: 8, seed: 2 });
  const whole = await trainEstimator(o, quiet);
  const part = await trainEstimator(o, { ...quiet, stopAfter: 5 });
  const resumed = await trainEstimator(o, { ...quiet, resumeDir: part.runDir });
  assert.deepEqual([whole.finished, part.finished, resumed.finished], [true, false, true]);
  const a = readSafetensors(join(whole.runDir, 'estimator.safetensors')).tensors;
  const b = readSafetensors(join(resumed.runDir, 'estimator.safetensors')).tensors;
  for (const [k, t] of a) assert.deepEqual(b.get(k)!.data, t.data, k);
  assert.ok(existsSync(join(whole.runDir, 'au-estimator.onnx')));
  const score = JSON.parse(readFileSync(join(whole.runDir, 'test.json'), 'utf8'));
  assert.ok(
    score.estimator.count > 1000 && Number.isFinite(score.estimator.mean) && Number.isFinite(score.trainMean.mean),
  );
  assert.throws(() => resolveEstimatorOptions({ data, config: 'big' }), /unknown estimator configuration "big"/);
});
