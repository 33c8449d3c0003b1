import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { Conv2d } from '../../nn/layers.js';
import { saveWeights } from '../../nn/weights.js';
import { manualSeed, noGrad, rand, scope, tensor } from '../../torch/index.js';
import { resizeWholeMapKernels } from './image-size-stage.js';
import { loadInitialCritic, loadInitialGenerator } from './initial-generator.js';
import { Critic, FlowGenerator } from './networks/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ganimate-size-stage-'));

it('a whole-map kernel resized to a map f times as wide gives, on that map upsampled f times, what it gave before', () =>
  scope(() => {
    manualSeed(4);
    const [c, k, f] = [6, 3, 2];
    const small = new Conv2d(c, 5, k);
    const large = new Conv2d(c, 5, k * f);
    const { state, resized } = resizeWholeMapKernels(
      small.stateDict(),
      large.namedState().map(([n, t]) => [n, t.shape]),
    );
    assert.deepEqual(resized, ['weight']);
    large.loadStateDict(state, 'resized');
    noGrad(() => {
      const map = rand([2, c, k, k]);
      const m = map.data();
      const up = new Float32Array(2 * c * k * f * k * f);
      for (let p = 0; p < 2 * c; p++)
        for (let y = 0; y < k * f; y++)
          for (let x = 0; x < k * f; x++)
            up[(p * k * f + y) * k * f + x] = m[(p * k + Math.floor(y / f)) * k + Math.floor(x / f)]!;
      const [a, b] = [small.forward(map).data(), large.forward(tensor(up, [2, c, k * f, k * f])).data()];
      assert.equal(a.length, 10);
      for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-5, `${a[i]} against ${b[i]}`);
    });
    small.dispose();
    large.dispose();
  }));

it('a stage at twice the image size starts from the smaller stage: every tensor as saved, the whole-map heads resized', () =>
  scope(() => {
    const config = {
      generator: 'flow' as const,
      conditioning: 'change' as const,
      colour: false as const,
      gConvDim: 8,
      dRepeatNum: 5,
    };
    const critic = { cDim: 17, dConvDim: 8, dRepeatNum: 5 };
    manualSeed(5);
    const [g32, g64] = [
      new FlowGenerator({ ...config, imageSize: 32 }),
      new FlowGenerator({ ...config, imageSize: 64 }),
    ];
    const [d32, d64] = [new Critic({ ...critic, imageSize: 32 }), new Critic({ ...critic, imageSize: 64 })];
    saveWeights(g32, join(dir, 'G.safetensors'));
    saveWeights(d32, join(dir, 'D.safetensors'));
    assert.match(
      loadInitialGenerator(g64, join(dir, 'G.safetensors')),
      /own_reg\.4\.weight resized from another image size/,
    );
    assert.match(loadInitialCritic(d64, join(dir, 'D.safetensors')), /conv2\.weight resized from another image size/);
    for (const [small, large] of [
      [g32, g64],
      [d32, d64],
    ] as const) {
      const theirs = small.stateDict();
      for (const [n, t] of large.stateDict()) {
        const s = theirs.get(n)!;
        if (s.shape.join('x') === t.shape.join('x')) assert.deepEqual(t.data, s.data, n);
        else
          assert.equal(t.data.reduce((a, v) => a + v, 0).toFixed(3), s.data.reduce((a, v) => a + v, 0).toFixed(3), n);
      }
    }
    // a size it cannot reach by repeating cells: the loader seeds what fits, and says so
    const g48 = new FlowGenerator({ ...config, imageSize: 48, dRepeatNum: 4 });
    assert.match(loadInitialGenerator(g48, join(dir, 'G.safetensors')), /the \d+ of \d+ tensors it shares/);
    for (const m of [g32, g64, d32, d64, g48]) m.dispose();
  }));
