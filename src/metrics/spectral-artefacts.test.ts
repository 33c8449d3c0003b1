import assert from 'node:assert/strict';
import { it } from 'node:test';
import { blankImage, type RgbImage } from '../image/rgb-image.js';
import { ArtefactMeter, highFrequencyShare, powerSpectrum } from './spectral-artefacts.js';

const image = (f: (x: number, y: number) => number, size = 32): RgbImage => {
  const img = blankImage(size, size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      img.data.fill(Math.max(0, Math.min(255, Math.round(f(x, y)))), 3 * (y * size + x), 3 * (y * size + x) + 3);
  return img;
};

it('power spectrum: Parseval (sum |F|² = N·sum x²) and a cosine lands on its own frequency', () => {
  const n = 16;
  const x = Float64Array.from({ length: n * n }, (_, i) => Math.cos((2 * Math.PI * 3 * (i % n)) / n));
  const p = powerSpectrum(x, n, n);
  const energy = x.reduce((s, v) => s + v * v, 0);
  assert.ok(Math.abs(p.reduce((s, v) => s + v, 0) - n * n * energy) < 1e-6);
  assert.ok(Math.abs(p[3]! + p[n - 3]! - n * n * energy) < 1e-6);
});

it('a checkerboard is all near-Nyquist power; a smooth gradient has almost none', () => {
  assert.ok(highFrequencyShare(image((x, y) => ((x + y) % 2 ? 200 : 50))) > 0.999);
  assert.ok(highFrequencyShare(image((x, y) => 4 * x + 2 * y)) < 0.05);
});

it('artefact ratio: 1 for an unchanged image, far above 1 when a grid is printed on it', () => {
  const face = image((x, y) => 128 + 60 * Math.sin(x / 5) * Math.cos(y / 7));
  const gridded = image((x, y) => 128 + 60 * Math.sin(x / 5) * Math.cos(y / 7) + ((x + y) % 2 ? 12 : -12));
  const same = new ArtefactMeter();
  same.add(face, face);
  assert.equal(same.mean, 1);
  const worse = new ArtefactMeter();
  worse.add(face, gridded);
  assert.ok(worse.mean > 5, String(worse.mean));
});

it('refuses sides that are not powers of two', () => {
  assert.throws(() => highFrequencyShare(image(() => 1, 24)), /power-of-two/);
});
