import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { RgbImage } from '../image/rgb-image.js';
import { partBox } from '../face/part-boxes.js';
import { HALF_PIXEL, PartDetailMeter, blurredImage, gaussianBlur, partDetail } from './part-detail.js';

const S = 128;
/** A textured face-sized image: smooth shading plus a fine pseudo-random texture, the same in every channel. */
function textured(seed: number): RgbImage {
  let s = seed;
  const data = new Uint8Array(S * S * 3);
  for (let i = 0; i < S * S; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const v = 100 + 40 * Math.sin(i / 300) + ((s >> 8) % 50);
    data.fill(Math.round(v), 3 * i, 3 * i + 3);
  }
  return { width: S, height: S, data };
}

function mapGrey(img: RgbImage, f: (g: Float64Array) => Float64Array): RgbImage {
  const g = Float64Array.from({ length: S * S }, (_, i) => img.data[3 * i]!);
  const out = f(g);
  const data = new Uint8Array(S * S * 3);
  for (let i = 0; i < S * S; i++) data.fill(Math.round(out[i]!), 3 * i, 3 * i + 3);
  return { width: S, height: S, data };
}

/** The mouth's box filled with one grey. */
function flatMouth(img: RgbImage): RgbImage {
  const b = partBox('mouth', S);
  const data = img.data.slice();
  for (let y = b.top; y < b.top + b.height; y++) data.fill(120, (y * S + b.left) * 3, (y * S + b.left + b.width) * 3);
  return { ...img, data };
}

it('a Gaussian keeps a constant plane and lowers the detail more the wider it is', () => {
  const flat = new Float64Array(S * S).fill(77);
  assert.ok(gaussianBlur(flat, S, 1.5).every((v) => Math.abs(v - 77) < 1e-9));
  const img = textured(3);
  const d = [0, 0.5, 1, 2].map((s) => partDetail(s ? mapGrey(img, (g) => gaussianBlur(g, S, s)) : img, 'mouth'));
  for (let i = 1; i < d.length; i++) assert.ok(d[i]! < d[i - 1]!, `detail at the blurs ${d.join(', ')}`);
  assert.equal(partDetail(flatMouth(img), 'mouth'), 0);
});

it('the meter: the input itself keeps 1, its half-pixel blur the yardstick, a flat mouth 0 (the eyes 1)', () => {
  const m = new PartDetailMeter();
  for (const seed of [1, 2, 3]) {
    const img = textured(seed);
    m.add(img, [
      { name: 'same', image: img },
      { name: 'soft', image: blurredImage(img, HALF_PIXEL) },
      { name: 'flat', image: flatMouth(img) },
    ]);
  }
  const s = m.summary();
  assert.deepEqual(s.byPreset.same, { mouth: 1, eyes: 1 });
  for (const part of ['mouth', 'eyes'] as const) {
    assert.ok(s.halfPixelBlur[part] > 0.3 && s.halfPixelBlur[part] < 0.95, `${part} ${s.halfPixelBlur[part]}`);
    assert.equal(s.byPreset.soft![part], s.halfPixelBlur[part], part);
  }
  assert.deepEqual(s.byPreset.flat, { mouth: 0, eyes: 1 });
  // the median over all nine edits of each part
  assert.equal(s.presets.eyes, 1);
  assert.equal(s.presets.mouth, s.byPreset.soft!.mouth);
});
