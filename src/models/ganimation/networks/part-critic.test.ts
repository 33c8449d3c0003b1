import assert from 'node:assert/strict';
import { it } from 'node:test';
import { partBox } from '../../../face/part-boxes.js';
import { InvalidOptionError } from '../../../errors.js';
import { grad, manualSeed, ones, rand, scope, sum, tensor } from '../../../torch/index.js';
import { resolveConfig } from './config.js';
import { Critic } from './critic.js';
import { cropPart, PartCritics } from './part-critic.js';

it('cropPart cuts the part box out of each image, channel by channel', () =>
  scope(() => {
    const [S, C] = [32, 2];
    const data = Float32Array.from({ length: C * S * S }, (_, i) => i);
    const crop = cropPart(tensor(data, [1, C, S, S]), 'mouth');
    const b = partBox('mouth', S);
    assert.deepEqual(crop.shape, [1, C, b.height, b.width]);
    const got = crop.data();
    // channel 1, row 2 of the box, column 3
    assert.equal(got[b.height * b.width + 2 * b.width + 3], S * S + (b.top + 2) * S + b.left + 3);
  }));

it("a part critic judges its box alone: the scores' gradient is zero outside the box and not inside", () =>
  scope(() => {
    manualSeed(1);
    const P = new PartCritics(4);
    const image = rand([2, 3, 64, 64]);
    image.requiresGrad = true;
    for (const part of ['mouth', 'eyes'] as const) {
      const scores = P.judge(image, part);
      assert.equal(scores.rank, 3, 'patch scores [B, h, w]');
      assert.equal(scores.shape[0], 2);
      const [g] = grad([sum(scores)], [image]);
      const v = g!.data();
      const b = partBox(part, 64);
      let inside = 0;
      let outside = 0;
      for (let i = 0; i < v.length; i++) {
        const [y, x] = [Math.floor(i / 64) % 64, i % 64];
        const inBox = y >= b.top && y < b.top + b.height && x >= b.left && x < b.left + b.width;
        if (inBox) inside += Math.abs(v[i]!);
        else outside += Math.abs(v[i]!);
      }
      assert.equal(outside, 0, `${part}: no gradient outside its box`);
      assert.ok(inside > 0, `${part}: gradient inside its box`);
    }
    P.dispose();
  }));

it('the critic carries part critics only when its configuration asks, and partCritics must be true or false', () =>
  scope(() => {
    const config = { imageSize: 32, dConvDim: 8, dRepeatNum: 5 };
    const plain = new Critic(config);
    const parted = new Critic({ ...config, partCritics: true });
    assert.equal(plain.parts, undefined);
    assert.ok(parted.parts);
    const names = parted.namedParameters().map(([n]) => n);
    assert.ok(names.includes('parts.mouth.score.weight') && names.includes('parts.eyes.main.0.weight'), names.join());
    assert.equal(
      plain.namedParameters().length + parted.parts!.namedParameters().length,
      names.length,
      'the part critics add parameters beside the whole-face critic, which is unchanged',
    );
    assert.deepEqual(parted.forward(ones([1, 3, 32, 32])).scores.shape, [1, 1, 1]);
    assert.throws(() => resolveConfig({ partCritics: 'yes' as unknown as boolean }), InvalidOptionError);
    plain.dispose();
    parted.dispose();
  }));
