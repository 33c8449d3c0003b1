import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { partBox } from '../../../face/part-boxes.js';
import { InvalidOptionError } from '../../../errors.js';
import { readImage } from '../../../image/image-io.js';
import { loadFaceRecognitionNet } from '../../../networks/face-recognition/index.js';
import { backward, grad, manualSeed, ones, rand, scope, sum, tensor } from '../../../torch/index.js';
import { resolveConfig } from './config.js';
import { Critic } from './critic.js';
import { cropPart, FeatureHead, featureCells, PartCritics, RECOGNITION_LEVELS } from './part-critic.js';
import { Adam } from '../../../nn/adam.js';

const faces = resolve(import.meta.dirname, '..', '..', '..', '..', '..', '..', 'shared', 'datasets', 'faces128');

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

it("recognition part critics: each level's cells are those centred in the part's box (the mouth at 128 px: columns 4–12, rows 10–14 of conv64's 17 × 17)", () => {
  assert.deepEqual(featureCells('mouth', 128, RECOGNITION_LEVELS[1]), { left: 4, top: 10, width: 9, height: 5 });
  for (const level of RECOGNITION_LEVELS)
    for (const part of ['mouth', 'eyes'] as const) {
      const c = featureCells(part, 128, level);
      const b = partBox(part, 128);
      const centre = (m: number) => ((level.offset + level.stride * m) * 128) / 150;
      assert.ok(centre(c.left) >= b.left && centre(c.left - 1) < b.left, `${part}: first column`);
      assert.ok(centre(c.left + c.width - 1) < b.left + b.width && centre(c.left + c.width) >= b.left + b.width);
      assert.ok(centre(c.top) >= b.top && centre(c.top + c.height - 1) < b.top + b.height, `${part}: rows`);
    }
});

it("recognition part critics judge a real face's part from the fixed net's features: small heads alone are trained, and the scores' gradient centres on the part's box", async () => {
  const id = readFileSync(resolve(faces, 'test_ids.csv'), 'utf8').split('\n')[0]!;
  const img = await readImage(resolve(faces, 'imgs', `${id}.jpg`));
  const net = loadFaceRecognitionNet();
  scope(() => {
    manualSeed(2);
    const D = new Critic({
      imageSize: 128,
      dConvDim: 8,
      dRepeatNum: 6,
      partCritics: true,
      partFeatures: 'recognition',
    });
    const P = D.parts!;
    const names = P.namedParameters().map(([n]) => n);
    assert.deepEqual(
      names.filter((n) => n.endsWith('weight')).sort(),
      ['eyes0', 'eyes1', 'mouth0', 'mouth1'].flatMap((h) => [`${h}.project.weight`, `${h}.score.weight`]),
    );
    const x = tensor(
      Float32Array.from(
        { length: 3 * 128 * 128 },
        (_, i) => img.data[(i % (128 * 128)) * 3 + Math.floor(i / 16384)]! / 127.5 - 1,
      ),
      [1, 3, 128, 128],
    );
    assert.throws(() => P.judge(x, 'mouth'), InvalidOptionError, 'no net attached');
    P.useRecognition(net);
    x.requiresGrad = true;
    for (const part of ['mouth', 'eyes'] as const) {
      const scores = P.judge(x, part);
      assert.deepEqual(scores.shape, [1, RECOGNITION_LEVELS.length], "each level's mean score");
      const [g] = grad([sum(scores)], [x]);
      const v = g!.data();
      let [m, mx, my] = [0, 0, 0];
      for (let i = 0; i < v.length; i++) {
        const a = Math.abs(v[i]!);
        [m, mx, my] = [m + a, mx + a * (i % 128), my + a * (Math.floor(i / 128) % 128)];
      }
      const b = partBox(part, 128);
      const [cx, cy] = [mx / m, my / m];
      assert.ok(
        cx > b.left && cx < b.left + b.width && cy > b.top && cy < b.top + b.height,
        `${part}: centre ${cx}, ${cy}`,
      );
    }
    assert.ok(
      net.parameters().every((p) => p.grad === null),
      'the fixed net takes no gradient',
    );
    D.dispose();
  });
  net.dispose();
});

it('partFeatures is what part critics read: pixels or recognition, and only with partCritics', () => {
  assert.equal(resolveConfig({ partCritics: true }).partFeatures, 'pixels');
  assert.throws(() => resolveConfig({ partFeatures: 'recognition' }), InvalidOptionError);
  assert.throws(() => resolveConfig({ partCritics: true, partFeatures: 'vgg' as 'pixels' }), InvalidOptionError);
});

it("a feature head's gain keeps its function at the start and moves it as far again per Adam step, times the gain", () =>
  scope(() => {
    const x = rand([2, 32, 5, 9]);
    const moved = (gain: number) => {
      manualSeed(4);
      const head = new FeatureHead(32, 8, gain);
      const before = head.forward(x).data();
      const opt = new Adam(head.namedParameters(), { lr: 1e-5 });
      backward(sum(head.forward(x)));
      opt.step();
      const after = head.forward(x).data();
      head.dispose();
      return { before, delta: after.map((v, i) => v - before[i]!) };
    };
    const [plain, fast] = [moved(1), moved(10)];
    assert.ok(
      plain.before.every((v, i) => Math.abs(v - fast.before[i]!) < 1e-5),
      'the same function at the start',
    );
    const norm = (d: Float32Array) => Math.sqrt(d.reduce((a, v) => a + v * v, 0));
    const ratio = norm(fast.delta) / norm(plain.delta);
    assert.ok(ratio > 9 && ratio < 11, `one step moved it ${ratio} times as far`);
  }));
