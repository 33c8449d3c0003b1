import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { InvalidOptionError } from '../errors.js';
import { msSsimProgan, structuralSimilarity, structuralSimilarityFull, type SsimImage } from './ssim.js';

const REF = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'reference', 'metrics');
const ref = JSON.parse(readFileSync(resolve(REF, 'ssim_case.json'), 'utf8')) as Record<string, number> & {
  gray1: number[][];
  gray2: number[][];
  rgb1_HWC: number[][][];
  rgb2_HWC: number[][][];
  msssim_rgb1_HWC_64: number[][][];
  msssim_rgb2_HWC_64: number[][][];
};
const image = (rows: unknown[][], channels: number): SsimImage => ({
  data: Float64Array.from(rows.flat(2) as number[]),
  width: rows[0]!.length,
  height: rows.length,
  channels,
});
const [g1, g2] = [image(ref.gray1, 1), image(ref.gray2, 1)];
const [c1, c2] = [image(ref.rgb1_HWC, 3), image(ref.rgb2_HWC, 3)];
const wang = { dataRange: 255, gaussianWeights: true, sigma: 1.5, useSampleCovariance: false };

function assertRel(actual: number, expected: number, tol: number, what: string): void {
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(
    rel <= tol,
    `${what}: got ${actual}, expected ${expected} (relative error ${rel.toExponential(2)} > ${tol})`,
  );
}

it('gray SSIM with skimage defaults (7×7 uniform, sample covariance), including the uncropped map', () => {
  const r = structuralSimilarityFull(g1, g2, { dataRange: 255 });
  assertRel(r.mssim, ref.gray_default!, 1e-6, 'gray default');
  assertRel(r.maps[0]![16 * 32 + 16]!, ref.gray_default_map_center_16_16!, 1e-6, 'map[16, 16]');
  assertRel(r.maps[0]![0]!, ref.gray_default_map_corner_0_0!, 1e-6, 'map[0, 0] (reflect boundary)');
});

it('gray SSIM variants: Wang et al. Gaussian window, floats in [0, 1], 11×11 uniform window, identical images', () => {
  assertRel(structuralSimilarity(g1, g2, wang), ref.gray_wang!, 1e-6, 'gray wang');
  const scaled = (g: SsimImage): SsimImage => ({ ...g, data: Float64Array.from(g.data, (v) => v / 255) });
  assertRel(
    structuralSimilarity(scaled(g1), scaled(g2), { dataRange: 1 }),
    ref.gray_float01_datarange1!,
    1e-6,
    'gray float [0, 1]',
  );
  assertRel(
    structuralSimilarity(g1, g2, { dataRange: 255, winSize: 11 }),
    ref.gray_win11_uniform!,
    1e-6,
    'gray win 11',
  );
  assert.equal(structuralSimilarity(g1, g1, { dataRange: 255 }), ref.gray_identical);
});

it('RGB SSIM is the mean over channels (default and Wang settings)', () => {
  assertRel(structuralSimilarity(c1, c2, { dataRange: 255 }), ref.rgb_default!, 1e-6, 'rgb default');
  assertRel(structuralSimilarity(c1, c2, wang), ref.rgb_wang!, 1e-6, 'rgb wang');
});

// ProGAN casts to float32 and convolves with scipy's fftconvolve, whose FFT of a float32 image runs
// in single precision; its ~1e-7 relative noise in E[x²] − E[x]² moves the score by 3.2e-7 relative.
// This float64 direct-sum version agrees with a float64 run of the same formula to ~1e-15, so the
// reference can only be matched to the float32 noise level: tested at 1e-6.
it('MS-SSIM matches ProGAN msssim on a 64×64 RGB pair (to float32 precision)', () => {
  const r = msSsimProgan([image(ref.msssim_rgb1_HWC_64, 3)], [image(ref.msssim_rgb2_HWC_64, 3)]);
  assertRel(r.mean, ref.msssim_progan!, 1e-6, 'MS-SSIM');
  assert.equal(r.perImage.length, 1);
  assert.equal(msSsimProgan([c1], [c1], { weights: [0.5, 0.5] }).mean, 1);
});

it('rejects shapes SSIM cannot use, saying what to do', () => {
  assert.throws(
    () => structuralSimilarity(g1, c1, { dataRange: 255 }),
    (e: Error) => e instanceof InvalidOptionError && /same shape/.test(e.message),
  );
  assert.throws(() => structuralSimilarity(g1, g2, { dataRange: 255, winSize: 8 }), /must be odd/);
  assert.throws(() => structuralSimilarity(g1, g2, { dataRange: 255, winSize: 33 }), /exceeds/);
  assert.throws(() => structuralSimilarity(g1, g2, { dataRange: 0 }), /dataRange/);
  const odd = { data: new Float64Array(36 * 36 * 3), width: 36, height: 36, channels: 3 };
  assert.throws(() => msSsimProgan([odd], [odd]), /divisible by 16/);
});
