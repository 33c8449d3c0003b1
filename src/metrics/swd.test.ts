import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { InvalidOptionError } from '../errors.js';
import { laplacianPyramid } from './laplacian-pyramid.js';
import { seededRandom } from './prng.js';
import {
  defaultPyramidLevels,
  extractDescriptors,
  normalizeDescriptors,
  PyramidDescriptors,
  slicedWasserstein,
  swd,
} from './swd.js';

const REF = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'reference', 'metrics');
const ref = JSON.parse(readFileSync(resolve(REF, 'swd_case.json'), 'utf8')) as {
  images: number[][][][];
  pyramid_level0: number[][][][];
  pyramid_level1: number[][][][];
  descA_raw: number[][][][];
  descB_raw: number[][][][];
  descA_final_row0_first5: number[];
  dirs: number[][][];
  swd: number;
  swd_x1e3: number;
};
const flat = (a: unknown[]): Float64Array => Float64Array.from(a.flat(Infinity) as number[]);

function assertRel(actual: number, expected: number, tol: number, what: string): void {
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(
    rel <= tol,
    `${what}: got ${actual}, expected ${expected} (relative error ${rel.toExponential(2)} > ${tol})`,
  );
}

// ProGAN runs all of this in float32. The pyramid of uint8 images is exact in both precisions (integer
// inputs, kernel taps k/256), so it is compared exactly. The descriptor normalisation and the
// projections are float32 sums in numpy/BLAS, so the float64 values here differ from the reference
// by ~1e-7 relative (one to two float32 ulps): tested at 1e-6.
const descA = { data: flat(ref.descA_raw), count: 64, channels: 3, size: 7 };
const descB = { data: flat(ref.descB_raw), count: 64, channels: 3, size: 7 };

it('Laplacian pyramid (5×5 binomial, mirror boundary) equals ProGAN generate_laplacian_pyramid', () => {
  const pyr = laplacianPyramid({ data: flat(ref.images), count: 2, channels: 3, height: 32, width: 32 }, 2);
  assert.equal(pyr.length, 2);
  assert.deepEqual([pyr[1]!.height, pyr[1]!.width], [16, 16]);
  assert.deepEqual(pyr[0]!.data, flat(ref.pyramid_level0));
  assert.deepEqual(pyr[1]!.data, flat(ref.pyramid_level1));
});

it('descriptor normalisation per channel (mean 0, std 1 over patches and positions) matches', () => {
  const f = normalizeDescriptors(descA);
  ref.descA_final_row0_first5.forEach((v, i) => assertRel(f[i]!, v, 1e-6, `descA_final[0][${i}]`));
});

it('SWD with the reference directions matches ProGAN sliced_wasserstein', () => {
  const s = slicedWasserstein(normalizeDescriptors(descA), normalizeDescriptors(descB), 64, 147, ref.dirs.map(flat));
  assertRel(s, ref.swd, 1e-6, 'SWD');
  assertRel(s * 1e3, ref.swd_x1e3, 1e-6, 'SWD × 10³');
});

it('patches are taken inside the image in ProGAN layout [channel][dx][dy]', () => {
  // A ramp image whose value encodes its position: 100·c + 10·y + x (x, y < 10).
  const level = {
    data: Float64Array.from({ length: 3 * 10 * 10 }, (_, i) => 100 * Math.floor(i / 100) + (i % 100)),
    count: 1,
    channels: 3,
    height: 10,
    width: 10,
  };
  const d = extractDescriptors(level, 50, seededRandom(5), 7);
  for (let p = 0; p < d.count; p++) {
    const centre = d.data[p * 147 + 3 * 7 + 3]!; // channel 0, dx = dy = 0
    const [cy, cx] = [Math.floor(centre / 10), centre % 10];
    assert.ok(cx >= 3 && cx <= 6 && cy >= 3 && cy <= 6, `centre (${cx}, ${cy}) keeps the patch inside`);
    assert.equal(d.data[p * 147 + 4 * 7 + 3], centre + 1, 'second index moves along x');
    assert.equal(d.data[p * 147 + 3 * 7 + 4], centre + 10, 'third index moves along y');
    assert.equal(d.data[p * 147 + 49 + 3 * 7 + 3], centre + 100, 'channel 1');
  }
});

it('full pipeline: streamed pyramid descriptors, SWD of a set with itself is 0 and with another set is not', () => {
  const images = { data: flat(ref.images), count: 2, channels: 3, height: 32, width: 32 };
  assert.equal(defaultPyramidLevels(32, 32), 2);
  const collect = (seed: number) =>
    new PyramidDescriptors({ perImage: 16, rng: seededRandom(seed) }).add(images).add(images).finish();
  const real = collect(1);
  assert.deepEqual(
    real.map((l) => l.count),
    [64, 64],
  );
  assert.deepEqual(swd(real, real, { repeats: 2, perRepeat: 8 }).perLevel, [0, 0]);
  const other = swd(real, collect(2), { repeats: 2, perRepeat: 8 });
  assert.ok(other.mean > 0 && other.perLevel.length === 2);
  assert.throws(
    () => slicedWasserstein(real[0]!.data, real[0]!.data.subarray(147), 64, 147, ref.dirs.map(flat)),
    InvalidOptionError,
  );
  assert.throws(
    () => laplacianPyramid({ ...images, height: 30, width: 30, data: new Float64Array(2 * 3 * 900) }, 3),
    /divisible by 2\^2/,
  );
});
