import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { AU_COUNT } from '../../au/action-units.js';
import { BatchLoader } from '../../data/batch-loader.js';
import { type FaceDataset, loadFaceDataset } from '../../data/face-dataset.js';
import { Critic } from './networks/critic.js';
import { manualSeed, mseLoss, noGrad, scope, tensor } from '../../torch/index.js';
import { warmUpCritic } from './critic-warmup.js';
import { resolveTrainOptions } from './options.js';

const data = resolve(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'datasets', 'faces128');

/** The critic's AU MSE on the first 64 test faces. */
async function testMse(D: Critic, faces: FaceDataset, S: number): Promise<number> {
  const hb = await new BatchLoader(faces, faces.test.slice(0, 64), {
    batchSize: 64,
    imageSize: S,
    seed: 0,
    flip: false,
    targetNoise: 0,
  }).peek({ epoch: 0, batch: 0 });
  return scope(() =>
    noGrad(() => mseLoss(D.forward(tensor(hb.real, [64, 3, S, S])).aus, tensor(hb.realCond, [64, AU_COUNT])).item()),
  );
}

it("the critic's warm-up lowers its AU error on real faces and leaves the realness head alone", async () => {
  const o = resolveTrainOptions({ data, config: 'tiny', warmupD: 60, warmupBatchSize: 16, warmupLr: 1e-3 });
  manualSeed(0);
  const D = new Critic(o.model);
  const faces = loadFaceDataset(data);
  const before = D.stateDict();
  const mse0 = await testMse(D, faces, o.model.imageSize);
  const r = await warmUpCritic(o, D, faces);
  const mse1 = await testMse(D, faces, o.model.imageSize);
  const after = D.stateDict();
  assert.equal(r.finished, true);
  assert.ok(mse1 < 0.7 * mse0, `test-face AU MSE ${mse0.toFixed(4)} → ${mse1.toFixed(4)}: expected a clear drop`);
  for (const [k, t] of before) {
    const same = after.get(k)!.data.every((v, i) => v === t.data[i]);
    assert.equal(same, k.startsWith('conv1.'), `${k} ${same ? 'unchanged' : 'changed'}`);
  }
  let calls = 0;
  const stopped = await warmUpCritic(o, new Critic(o.model), faces, () => ++calls > 5);
  assert.equal(stopped.finished, false);
  D.dispose?.();
});

it('warm-up options: a whole number of steps, a positive batch and rate', () => {
  assert.equal(resolveTrainOptions({ data, config: 'default-warm' }).warmupD, 1000);
  assert.equal(resolveTrainOptions({ data, config: 'default' }).warmupD, 0);
  assert.throws(() => resolveTrainOptions({ data, warmupD: 2.5 }), /warmupD must be a whole number/);
  assert.throws(() => resolveTrainOptions({ data, warmupBatchSize: 0 }), /warmupBatchSize must be a positive integer/);
  assert.throws(() => resolveTrainOptions({ data, warmupLr: 0 }), /learning rates must be positive/);
});
