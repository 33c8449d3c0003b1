import assert from 'node:assert/strict';
import { it } from 'node:test';
import sharp from 'sharp';
import { encodeGif, GifWriter, paletteOf } from './gif-encoder.js';
import { NearestSearch } from './nearest-colour.js';
import type { RgbImage } from './rgb-image.js';

/** A smooth 96×80 picture whose middle changes from frame to frame, as an animation of one face does. */
function frames(n: number): RgbImage[] {
  const [w, h] = [96, 80];
  return Array.from({ length: n }, (_, k) => {
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const inside = x > 30 && x < 60 && y > 20 && y < 50;
        const p = 3 * (y * w + x);
        data[p] = (x * 2 + (inside ? k * 9 : 0)) & 255;
        data[p + 1] = (y * 3 + x) & 255;
        data[p + 2] = inside ? (128 + k * 5) & 255 : 40;
      }
    }
    return { width: w, height: h, data };
  });
}

const decode = async (gif: Uint8Array) => {
  const img = sharp(gif, { animated: true });
  return { meta: await img.metadata(), pixels: new Uint8Array(await img.removeAlpha().raw().toBuffer()) };
};

it('GIF: decodes to every frame (changed boxes over the frame before), looping, at the frame rate; closer than libvips’ encoder', async () => {
  const f = frames(6);
  const gif = encodeGif(f, 12.5);
  const { meta, pixels } = await decode(gif);
  assert.deepEqual([meta.width, meta.pages, meta.loop, meta.delay?.[0]], [96, 6, 0, 80]);
  const source = Buffer.concat(f.map((x) => x.data));
  let err = 0;
  for (let i = 0; i < source.length; i++) err += Math.abs(pixels[i]! - source[i]!);
  const ours = err / source.length;
  const theirs = await decode(
    await sharp(source, { raw: { width: 96, height: 80 * 6, channels: 3, pageHeight: 80 } })
      .gif({ delay: 80, loop: 0, effort: 7 })
      .toBuffer(),
  );
  let errTheirs = 0;
  for (let i = 0; i < source.length; i++) errTheirs += Math.abs(theirs.pixels[i]! - source[i]!);
  assert.ok(
    ours <= errTheirs / source.length,
    `mean absolute error ${ours.toFixed(3)} against libvips' ${(errTheirs / source.length).toFixed(3)}`,
  );
  // outside the changing middle every frame shows the first frame's pixels exactly
  const plane = 96 * 80 * 3;
  for (let k = 1; k < 6; k++) assert.equal(pixels[k * plane], pixels[0], `frame ${k}, first pixel`);
});

it('GIF: a picture of at most 255 colours comes back exactly; a still animation stays small', async () => {
  const data = new Uint8Array(64 * 64 * 3).map((_, i) => ((i / 3) | 0) % 200);
  const still = Array.from({ length: 10 }, () => ({ width: 64, height: 64, data }));
  const gif = encodeGif(still, 10);
  const { pixels } = await decode(gif);
  for (let k = 0; k < 10; k++)
    assert.deepEqual(pixels.subarray(k * data.length, (k + 1) * data.length), data, `frame ${k}`);
  assert.ok(gif.length < encodeGif(still.slice(0, 1), 10).length + 9 * 40, `${gif.length} bytes`);
  assert.equal(paletteOf(data).length, 768);
  assert.throws(() => encodeGif([still[0]!, frames(1)[0]!], 10), /every frame must be 64×64, got 96×80/);
});

it('GIF: the nearest-colour search finds what trying every palette entry finds (with or without a first guess), ties to the lower index', () => {
  let seed = 7;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) & 255;
  for (let trial = 0; trial < 20; trial++) {
    // few distinct levels, so that equal distances (ties) occur
    const palette = Uint8Array.from({ length: 3 * 255 }, () => (trial % 2 ? rand() : rand() & 0xe0));
    const search = new NearestSearch(palette);
    for (let q = 0; q < 300; q++) {
      const [r, g, b] = [rand(), rand(), rand()];
      let [best, bestD] = [0, Infinity];
      for (let j = 0; j < 255; j++) {
        const d = (palette[3 * j]! - r) ** 2 + (palette[3 * j + 1]! - g) ** 2 + (palette[3 * j + 2]! - b) ** 2;
        if (d < bestD) [best, bestD] = [j, d];
      }
      assert.equal(search.of(r, g, b), best, `palette ${trial}, colour ${r},${g},${b}`);
      assert.equal(search.of(r, g, b, rand() % 255), best, `palette ${trial}, colour ${r},${g},${b}, from a guess`);
    }
  }
});

it('GIF: written a frame at a time, the same file as written at once', () => {
  const f = frames(5);
  const gif = new GifWriter(96, 80, 10);
  for (const x of f) gif.add(x);
  assert.equal(gif.frames, 5);
  assert.deepEqual(gif.finish(), encodeGif(f, 10));
  assert.throws(() => new GifWriter(96, 80, 10).finish(), /at least one frame/);
});
