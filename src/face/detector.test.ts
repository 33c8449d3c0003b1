import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { readImage } from '../image/image-io.js';
import { FaceDetector } from './detector.js';

const crowds = resolve(import.meta.dirname, '..', '..', '..', 'tests', 'fixtures', 'crowds');

it('a workshop photo (4 people, turned or looking down): the default detector finds the 4 faces SSD finds', async () => {
  const img = await readImage(join(crowds, '18f-agile-workshop-2016.jpg'));
  const [fast, ssd] = await Promise.all(['fast', 'ssd'].map((model) => FaceDetector.load({ model: model as 'fast' })));
  const [byDefault, bySsd] = [await fast!.detect(img), await ssd!.detect(img)];
  assert.equal(bySsd.length, 4);
  assert.equal(byDefault.length, 4, 'the tiny detector alone finds 3: SSD looks first');
  for (const f of byDefault) {
    const [cx, cy] = [f.box.x + f.box.width / 2, f.box.y + f.box.height / 2];
    assert.ok(
      bySsd.some(
        (s) =>
          Math.abs(s.box.x + s.box.width / 2 - cx) < s.box.width / 2 &&
          Math.abs(s.box.y + s.box.height / 2 - cy) < s.box.height / 2,
      ),
      'each face is one SSD found',
    );
  }
});
