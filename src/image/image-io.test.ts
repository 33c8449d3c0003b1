import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { ImageError, ImageTooLargeError, readImage, writeImage } from './image-io.js';
import { fromChw, grid, toChw } from './rgb-image.js';

const sample = resolve(import.meta.dirname, '..', '..', '..', 'assets', 'astronaut.png');
const dir = mkdtempSync(join(tmpdir(), 'ganimate-img-'));

it('reads the sample photo as RGB and round-trips it losslessly through PNG', async () => {
  const img = await readImage(sample);
  assert.deepEqual([img.width, img.height, img.data.length], [512, 512, 512 * 512 * 3]);
  const out = join(dir, 'copy.png');
  await writeImage(out, img);
  assert.deepEqual((await readImage(out)).data, img.data);
});

it('CHW float conversion round-trips bytes', async () => {
  const img = await readImage(sample);
  assert.deepEqual(fromChw(toChw(img), img.width, img.height).data, img.data);
  assert.equal(grid([img, img], 2, 4).width, 1028);
});

it('bad input gets typed errors that say what to do', async () => {
  const junk = join(dir, 'junk.jpg');
  writeFileSync(junk, Buffer.from('definitely not a jpeg'));
  await assert.rejects(
    readImage(junk),
    (e: Error) => e instanceof ImageError && /not an image ganimate can read; use JPEG, PNG/.test(e.message),
  );
  await assert.rejects(readImage(join(dir, 'nope.png')), /does not exist/);
  await assert.rejects(
    readImage(sample, 1000),
    (e: Error) => e instanceof ImageTooLargeError && /downscale it first/.test(e.message),
  );
  const img = await readImage(sample);
  await assert.rejects(writeImage(join(dir, 'out.bmp'), img), /cannot write "\.bmp"/);
});
