import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { readImage, resizeImage } from '../image/image-io.js';
import { loadFaceApi } from './detector.js';
import { SSD_SIDE, SsdOnnx } from './ssd-onnx.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const photos = [
  join(root, 'tests', 'fixtures', 'crowds', '18f-agile-workshop-2016.jpg'),
  join(root, '..', 'shared', 'samples', 'astronaut.png'),
];

it("SSD on ONNX Runtime finds face-api's SSD faces: the same boxes within 0.01 px, scores within 1e-4", async () => {
  const { tf, faceapi } = await loadFaceApi();
  const folder = join(root, 'node_modules', '@vladmandic', 'face-api', 'model');
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(folder);
  const ssd = await SsdOnnx.fromParams(faceapi.nets.ssdMobilenetv1.params);
  for (const path of photos) {
    let img = await readImage(path);
    const s = SSD_SIDE / Math.max(img.width, img.height);
    if (s < 1) img = await resizeImage(img, Math.round(img.width * s), Math.round(img.height * s));
    const input = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
    const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.3, maxResults: 100 });
    const theirs = (await faceapi.detectAllFaces(input, options)) as { score: number; box: Record<string, number> }[];
    input.dispose();
    theirs.sort((a, b) => b.score - a.score);
    const ours = await ssd.detect(img, 0.3, 100);
    assert.ok(ours.length > 0, path);
    assert.equal(ours.length, theirs.length, `${path}: ${ours.length} faces against face-api's ${theirs.length}`);
    ours.forEach((o, i) => {
      const t = theirs[i]!;
      assert.ok(Math.abs(o.score - t.score) < 1e-4, `${path} face ${i}: score ${o.score} vs ${t.score}`);
      for (const k of ['x', 'y', 'width', 'height'] as const)
        assert.ok(Math.abs(o.box[k] - t.box[k]!) < 0.01, `${path} face ${i}: ${k} ${o.box[k]} vs ${t.box[k]}`);
    });
  }
});
