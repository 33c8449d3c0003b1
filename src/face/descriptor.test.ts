import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { readImage } from '../image/image-io.js';
import { alignmentFor, cropAligned } from './align.js';
import { descriptorDistance, FaceDescriber, SAME_PERSON_THRESHOLD } from './descriptor.js';
import { FaceDetector } from './detector.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const faces = resolve(root, '..', 'shared', 'datasets', 'faces128');

it('identity: the same face under noise is the same person; other people are not', async () => {
  const [detector, describer] = [await FaceDetector.load(), await FaceDescriber.load()];
  const photo = await readImage(resolve(root, 'assets', 'astronaut.png'));
  const [face] = await detector.detectOrThrow(photo);
  const crop = cropAligned(photo, alignmentFor(face!.landmarks));
  const d = await describer.describe(crop);
  assert.equal(d.length, 128);
  const noisy = { ...crop, data: crop.data.map((v, i) => Math.max(0, Math.min(255, v + ((i * 7919) % 11) - 5))) };
  assert.ok(descriptorDistance(d, await describer.describe(noisy)) < 0.2);
  const ids = readFileSync(resolve(faces, 'test_ids.csv'), 'utf8').split('\n').slice(0, 3);
  for (const id of ids) {
    const other = await describer.describe(await readImage(resolve(faces, 'imgs', `${id}.jpg`)));
    assert.ok(descriptorDistance(d, other) > SAME_PERSON_THRESHOLD, `${id} taken for the astronaut`);
  }
});
