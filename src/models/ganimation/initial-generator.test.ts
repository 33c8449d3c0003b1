import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BadFileError, WeightsMismatchError } from '../../errors.js';
import { compose, Critic, FlowGenerator, Generator } from './networks/index.js';
import { saveWeights } from '../../nn/weights.js';
import { OnnxModel } from '../../runtime/onnx-model.js';
import { SHIPPED } from '../../shipped-models.js';
import { manualSeed, mul, noGrad, rand, scope, sub } from '../../torch/index.js';
import { loadInitialCritic, loadInitialGenerator } from './initial-generator.js';
import { resolveTrainOptions } from './options.js';

const dir = mkdtempSync(join(tmpdir(), 'ganimate-init-'));

describe('starting a generator from trained weights', () => {
  it("'shipped': the libtorch generator read back from models/ganimation-generator.onnx paints what ONNX Runtime paints (1e-4)", async () => {
    const o = resolveTrainOptions({ data: '.', config: 'continue' });
    assert.equal(o.initG, 'shipped');
    manualSeed(1);
    const G = new Generator(o.model);
    try {
      assert.equal(loadInitialGenerator(G, o.initG), SHIPPED.generator);
      const onnx = await OnnxModel.load(SHIPPED.generator);
      const [image, aus] = [sub(mul(rand([2, 3, 128, 128]), 2), 1), rand([2, 17])];
      const out = await onnx.run({
        image: { data: image.data(), dims: image.shape },
        aus: { data: aus.data(), dims: aus.shape },
      });
      const mine = scope(() =>
        noGrad(() => {
          const { color, attention } = G.forward(image, aus);
          return compose(image, color, attention).data();
        }),
      );
      let worst = 0;
      for (let i = 0; i < mine.length; i++) worst = Math.max(worst, Math.abs(mine[i]! - out.composed!.data[i]!));
      assert.ok(worst < 1e-4, `largest difference ${worst}`);
      image.dispose();
      aus.dispose();
    } finally {
      G.dispose();
    }
  });

  it('safetensors: the weights arrive as saved', () => {
    const config = { imageSize: 32, gConvDim: 8, gRepeatNum: 1, dRepeatNum: 5 };
    manualSeed(2);
    const [A, B] = [new Generator(config), new Generator(config)];
    try {
      saveWeights(A, join(dir, 'g.safetensors'));
      loadInitialGenerator(B, join(dir, 'g.safetensors'));
      for (const [n, t] of A.stateDict()) assert.deepEqual(B.stateDict().get(n)!.data, t.data, n);
    } finally {
      A.dispose();
      B.dispose();
    }
  });

  it('a flow generator told the change starts from one told the target: the image channels of the first convolution and every tensor of the same shape', () => {
    const config = {
      generator: 'flow' as const,
      colour: false,
      imageSize: 32,
      gConvDim: 8,
      gRepeatNum: 1,
      dRepeatNum: 5,
    };
    manualSeed(3);
    const [target, change] = [new FlowGenerator(config), new FlowGenerator({ ...config, conditioning: 'change' })];
    try {
      saveWeights(target, join(dir, 'target.safetensors'));
      assert.match(loadInitialGenerator(change, join(dir, 'target.safetensors')), /the \d+ of \d+ tensors it shares/);
      const [theirs, mine] = [target.stateDict(), change.stateDict()];
      const first = theirs.get('main.0.weight')!;
      const perOut = first.shape.slice(1).reduce((a, b) => a * b);
      const imageChannels = first.shape.slice(2).reduce((a, b) => a * b) * 3;
      const leading = Float32Array.from(
        { length: 8 * imageChannels },
        (_, i) => first.data[Math.floor(i / imageChannels) * perOut + (i % imageChannels)]!,
      );
      assert.deepEqual(mine.get('main.0.weight')!.data, leading, 'the first convolution keeps the image channels');
      assert.deepEqual(mine.get('main.3.weight')!.data, theirs.get('main.3.weight')!.data);
      assert.equal(mine.get('flow_reg.weight')!.shape[0], 34, 'one field per AU, not seeded');
    } finally {
      target.dispose();
      change.dispose();
    }
  });

  it('a generator of another width, a model of another kind and a missing file are typed errors that say what to do', () => {
    const G = new Generator({ imageSize: 32, gConvDim: 8, gRepeatNum: 1, dRepeatNum: 5 });
    try {
      assert.throws(
        () => loadInitialGenerator(G, 'shipped'),
        (e: Error) => e instanceof WeightsMismatchError && /gConvDim 32.*gConvDim 8/.test(e.message),
      );
      assert.throws(
        () => loadInitialGenerator(G, SHIPPED.estimator),
        (e: Error) => e instanceof WeightsMismatchError && /not a GANimation generator/.test(e.message),
      );
      assert.throws(
        () => loadInitialGenerator(G, join(dir, 'nothing.onnx')),
        (e: Error) => e instanceof BadFileError && /does not exist/.test(e.message),
      );
    } finally {
      G.dispose();
    }
  });

  it("'shipped' critic: models/ganimation-critic.safetensors loads into the continue configuration's critic; a critic of another width is refused", () => {
    const o = resolveTrainOptions({ data: '.', config: 'continue' });
    const D = new Critic(o.model);
    const narrow = new Critic({ ...o.model, dConvDim: 8 });
    try {
      assert.equal(loadInitialCritic(D, 'shipped'), SHIPPED.critic);
      const w = D.stateDict().get('main.0.weight')!;
      assert.ok(w.data.some((v) => v !== 0) && w.shape[0] === 16, 'trained weights of a width-16 critic');
      assert.throws(() => loadInitialCritic(narrow, 'shipped'), WeightsMismatchError);
      assert.throws(
        () => loadInitialCritic(D, join(dir, 'D.bin')),
        (e: Error) => e instanceof BadFileError && /does not exist/.test(e.message),
      );
    } finally {
      D.dispose();
      narrow.dispose();
    }
  });

  it('a critic with part critics starts from one without: the whole-face critic loads, the part critics keep their fresh weights; from one with them, all load', () => {
    const o = resolveTrainOptions({ data: '.', config: 'continue' });
    const D = new Critic({ ...o.model, partCritics: true });
    const plain = new Critic(o.model);
    try {
      const fresh = D.parts!.stateDict().get('mouth.score.weight')!.data.slice();
      assert.match(loadInitialCritic(D, 'shipped'), /part critics start fresh/);
      loadInitialCritic(plain, 'shipped');
      assert.deepEqual(D.stateDict().get('conv2.weight')!.data, plain.stateDict().get('conv2.weight')!.data);
      assert.deepEqual(D.parts!.stateDict().get('mouth.score.weight')!.data, fresh);
      const path = join(dir, 'parted-D.safetensors');
      saveWeights(D, path);
      const again = new Critic({ ...o.model, partCritics: true });
      try {
        assert.equal(loadInitialCritic(again, path), path);
        assert.deepEqual(
          again.parts!.stateDict().get('eyes.main.0.weight')!.data,
          D.parts!.stateDict().get('eyes.main.0.weight')!.data,
        );
      } finally {
        again.dispose();
      }
    } finally {
      D.dispose();
      plain.dispose();
    }
  });
});
