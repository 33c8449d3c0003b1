import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { readSafetensors } from '../../nn/safetensors.js';
import { distributedBackends } from '../../torch/index.js';
import { trainEstimator } from './estimator.js';
import { resolveEstimatorOptions } from './estimator-options.js';

const data = resolve(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'datasets', 'faces128');
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

it(
  'AU estimator, data parallel: 2 ranks on loopback end with the weights of one process with the same batch and seed',
  {
    skip: distributedBackends().gloo
      ? false
      : 'the addon was built without gloo headers (apt-get install -y libgloo-dev)',
  },
  async () => {
    const runs = mkdtempSync(join(tmpdir(), 'ganimate-est-'));
    const o = { data, config: 'estimator-tiny', maxIterations: 6, seed: 3, threads: 1 };
    const one = await trainEstimator(resolveEstimatorOptions({ ...o, runs: join(runs, 'one') }), quiet);
    const entry = resolve(import.meta.dirname, '..', '..', '..', '..', 'bin', 'ganimate.js');
    const args = ['train-estimator', '--data', data, '--config', 'estimator-tiny', '--iterations', '6', '--seed', '3'];
    const r = spawnSync(process.execPath, [entry, ...args, '--nproc', '2', '--runs', join(runs, 'two')], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const two = join(runs, 'two', readdirSync(join(runs, 'two'))[0]!);
    const [a, b] = [one.runDir, two].map((dir) => readSafetensors(join(dir, 'estimator.safetensors')).tensors);
    for (const [k, t] of a!) {
      let [d, n] = [0, 0];
      for (let i = 0; i < t.data.length; i++)
        [d, n] = [d + (b!.get(k)!.data[i]! - t.data[i]!) ** 2, n + t.data[i]! ** 2];
      assert.ok(Math.sqrt(d / n) < 1e-5, `${k}: ${Math.sqrt(d / n).toExponential(2)} relative`);
    }
  },
);
