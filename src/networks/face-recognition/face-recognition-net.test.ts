// The face-recognition net on our engine against face-api's own descriptors on real aligned faces,
// and gradients reaching the input (what an identity loss needs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { InvalidOptionError } from '../../errors.js';
import { FaceDescriber } from '../../face/descriptor.js';
import { readFaceRecognitionWeights } from '../../face/recognition-weights.js';
import { readImage } from '../../image/image-io.js';
import type { RgbImage } from '../../image/rgb-image.js';
import {
  backward,
  engineAvailable,
  liveTensors,
  matmul,
  mean,
  mul,
  noGrad,
  scope,
  sub,
  sum,
  tensor,
  zeros,
} from '../../torch/index.js';
import { type FaceRecognitionNet, loadFaceRecognitionNet, toRecognitionInput } from './face-recognition-net.js';

const skip = engineAvailable() ? false : 'the libtorch engine is not built (npm run build:native)';
const faces = resolve(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'datasets', 'faces128');
/** Measured 4e-7 (float rounding); PyTorch's own bilinear resize instead of face-api's misses by 5e-3. */
const TOLERANCE = 1e-4;

/** RGB bytes → [B, 3, H, W] in [-1, 1], as the generator's images. */
function generatorImages(imgs: RgbImage[]): Float32Array {
  const [w, h] = [imgs[0]!.width, imgs[0]!.height];
  const out = new Float32Array(imgs.length * 3 * h * w);
  imgs.forEach((img, b) => {
    for (let p = 0; p < h * w; p++)
      for (let c = 0; c < 3; c++) out[(b * 3 + c) * h * w + p] = img.data[p * 3 + c]! / 127.5 - 1;
  });
  return out;
}

describe('face-recognition net', { skip }, () => {
  let net: FaceRecognitionNet;
  let imgs: RgbImage[];
  let reference: Float32Array[];
  before(async () => {
    const ids = readFileSync(resolve(faces, 'test_ids.csv'), 'utf8').split('\n').filter(Boolean).slice(0, 8);
    imgs = await Promise.all(ids.map((id) => readImage(resolve(faces, 'imgs', `${id}.jpg`))));
    const describer = await FaceDescriber.load();
    reference = [];
    for (const img of imgs) reference.push(await describer.describe(img));
    net = loadFaceRecognitionNet();
  });

  it('reads face-api weights: 117 tensors, dequantised', () => {
    const w = readFaceRecognitionWeights();
    assert.equal(w.size, 117);
    assert.deepEqual(w.get('fc')!.shape, [256, 128]);
    assert.deepEqual(w.get('conv32_down/conv/filters')!.shape, [7, 7, 3, 32]);
    assert.ok(w.get('conv32_down/scale/weights')!.data.every((v) => v > 5)); // the manifest's min is 5.79
  });

  it('matches face-api descriptors on 128-px faces within 1e-4, leaking no tensors', () => {
    const live = liveTensors();
    scope(() => {
      const [h, w] = [imgs[0]!.height, imgs[0]!.width];
      const d = noGrad(() =>
        net.forward(toRecognitionInput(tensor(generatorImages(imgs), [imgs.length, 3, h, w]))),
      ).data();
      let worst = 0;
      reference.forEach((ref, b) => ref.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - d[b * 128 + k]!)))));
      assert.ok(worst < TOLERANCE, `max |ours − face-api| = ${worst.toExponential(2)}`);
    });
    assert.equal(liveTensors(), live);
  });

  it('passes gradients to the input, not to its own weights', () =>
    scope(() => {
      const x = tensor(generatorImages(imgs.slice(0, 2)), [2, 3, imgs[0]!.height, imgs[0]!.width]);
      x.requiresGrad = true;
      const d = net.forward(toRecognitionInput(x));
      const target = tensor(Float32Array.from([...reference[1]!, ...reference[0]!]), [2, 128]);
      const diff = sub(d, target);
      backward(sum(mul(diff, diff)));
      const g = x.grad!.data();
      assert.ok(g.some((v) => v !== 0) && g.every(Number.isFinite));
      assert.ok(net.parameters().every((p) => p.grad === null));
    }));

  it("features: the maps a critic reads, [B, 32, 35, 35] after block 3 and [B, 64, 17, 17] after 7; after all 14 blocks, averaged and projected, forward's descriptor", () =>
    scope(() => {
      const x = toRecognitionInput(tensor(generatorImages(imgs.slice(0, 2)), [2, 3, imgs[0]!.height, imgs[0]!.width]));
      const [early, mid] = noGrad(() => net.features(x, [3, 7]));
      assert.deepEqual(early!.shape, [2, 32, 35, 35]);
      assert.deepEqual(mid!.shape, [2, 64, 17, 17]);
      const [last] = noGrad(() => net.features(x, [14]));
      const d = noGrad(() => matmul(mean(last!, [2, 3]), net.namedParameters().find(([n]) => n === 'fc')![1])).data();
      const want = noGrad(() => net.forward(x)).data();
      assert.ok(d.every((v, i) => Math.abs(v - want[i]!) < 1e-6));
      assert.throws(() => net.features(x, [15]), InvalidOptionError);
      assert.throws(() => net.features(x, []), InvalidOptionError);
      assert.throws(() => net.features(zeros([1, 3, 128, 128]), [3]), InvalidOptionError);
    }));

  it('refuses inputs of the wrong shape', () =>
    scope(() => {
      assert.throws(() => net.forward(zeros([1, 3, 128, 128])), InvalidOptionError);
      assert.throws(() => toRecognitionInput(zeros([1, 3, 128, 96])), InvalidOptionError);
    }));
});
