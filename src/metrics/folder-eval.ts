// `ganimate eval --real A --fake B`: metrics of two image folders, streamed image by image. Every
// feature-based number names its extractor (fid[faceapi128]) so nobody compares it with
// fid[inception2015]. The real set's features are cached under a hash of its files and the extractor.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { GanimateError } from '../errors.js';
import { readImage } from '../image/image-io.js';
import type { RgbImage } from '../image/rgb-image.js';
import { readSafetensors, writeSafetensors } from '../nn/safetensors.js';
import { featureStats } from './feature-stats.js';
import { frechetDistance } from './fid.js';
import { ClassProbabilityStats, inceptionScore, modifiedInceptionScore } from './inception-score.js';
import { kernelInceptionDistance } from './kid.js';
import { msSsimProgan, structuralSimilarity } from './ssim.js';
import { imageBatch, PyramidDescriptors, swd } from './swd.js';

export const FOLDER_METRICS = ['fid', 'kid', 'swd', 'ssim', 'msssim', 'is'] as const;
export type FolderMetric = (typeof FOLDER_METRICS)[number];

/** Maps an image to a feature vector; `name` goes into every key it produces. */
export interface FeatureExtractor {
  name: string;
  features(img: RgbImage): Promise<Float32Array>;
  /** Features and class logits in one pass, for extractors that are classifiers (IS, m-IS). */
  classify?(img: RgbImage): Promise<{ features: Float32Array; logits: Float32Array }>;
}

export interface FolderEvalOptions {
  real: string;
  fake: string;
  metrics: FolderMetric[];
  extractor?: FeatureExtractor;
  cacheDir?: string;
  onImage?: () => void;
}

const PHOTO = /\.(jpe?g|png|webp)$/i;

export function listImages(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new GanimateError(`${dir} is not a folder of images`);
  const files = readdirSync(dir)
    .filter((f) => PHOTO.test(f))
    .sort();
  if (files.length < 2)
    throw new GanimateError(`${dir} holds ${files.length} images; metrics need at least 2 (JPEG, PNG or WebP)`);
  return files;
}

/** Hash of the file list (names, sizes, times) and the extractor: the cache key of a real set's features. */
function cacheKey(dir: string, files: string[], extractor: string): string {
  const h = createHash('sha256').update(extractor);
  for (const f of files) {
    const s = statSync(join(dir, f));
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 24);
}

async function featuresOf(
  dir: string,
  files: string[],
  ex: FeatureExtractor,
  cacheDir: string | undefined,
  onImage?: () => void,
  classes?: { stats?: ClassProbabilityStats },
): Promise<{ rows: Float32Array[]; cached: boolean }> {
  if (classes) {
    const rows: Float32Array[] = [];
    for (const f of files) {
      const r = await ex.classify!(await readImage(join(dir, f)));
      rows.push(r.features);
      (classes.stats ??= new ClassProbabilityStats(r.logits.length)).addLogits(r.logits, 1);
      onImage?.();
    }
    return { rows, cached: false };
  }
  const path = cacheDir ? join(cacheDir, `${ex.name}-${cacheKey(dir, files, ex.name)}.safetensors`) : undefined;
  if (path && existsSync(path)) {
    const t = readSafetensors(path).tensors.get('features')!;
    const dim = t.shape[1]!;
    files.forEach(() => onImage?.());
    return { rows: Array.from({ length: t.shape[0]! }, (_, i) => t.data.slice(i * dim, (i + 1) * dim)), cached: true };
  }
  const rows: Float32Array[] = [];
  for (const f of files) {
    rows.push(await ex.features(await readImage(join(dir, f))));
    onImage?.();
  }
  if (path) {
    mkdirSync(cacheDir!, { recursive: true });
    const data = new Float32Array(rows.length * rows[0]!.length);
    rows.forEach((r, i) => data.set(r, i * r.length));
    writeSafetensors(path, new Map([['features', { shape: [rows.length, rows[0]!.length], data }]]), {
      extractor: ex.name,
      folder: dir,
    });
  }
  return { rows, cached: false };
}

/** IS (10 splits, as torch-fidelity) and m-IS of the fake set's class predictions. */
function scoresOf(name: string, stats: ClassProbabilityStats): Record<string, number> {
  const is = inceptionScore(stats, { splits: Math.min(10, stats.count) });
  return {
    [`is[${name}]`]: is.mean,
    [`is_std[${name}]`]: is.std,
    [`mis[${name}]`]: modifiedInceptionScore(stats).mean,
  };
}

export const defaultCacheDir = (): string =>
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ganimate', 'stats');

export async function evaluateFolders(o: FolderEvalOptions): Promise<Record<string, number | string | boolean>> {
  const real = listImages(o.real);
  const fake = listImages(o.fake);
  const out: Record<string, number | string | boolean> = { real_images: real.length, fake_images: fake.length };
  const wantIs = o.metrics.includes('is');
  if (wantIs && !o.extractor?.classify) {
    throw new GanimateError(
      "IS and m-IS need a classifier's class probabilities: use --extractor inception2015 --inception pt_inception-2015-12-05-6726825d.pth (pytorch-fid's weights)",
    );
  }
  const featureMetrics = o.metrics.filter((m) => m === 'fid' || m === 'kid');
  if (wantIs && !featureMetrics.length) {
    const classes: { stats?: ClassProbabilityStats } = {};
    await featuresOf(o.fake, fake, o.extractor!, undefined, o.onImage, classes);
    Object.assign(out, scoresOf(o.extractor!.name, classes.stats!));
  }
  if (featureMetrics.length) {
    if (!o.extractor) throw new GanimateError('fid and kid need a feature extractor');
    const name = o.extractor.name;
    const classes: { stats?: ClassProbabilityStats } | undefined = wantIs ? {} : undefined;
    const [r, f] = [
      await featuresOf(o.real, real, o.extractor, o.cacheDir, o.onImage),
      await featuresOf(o.fake, fake, o.extractor, undefined, o.onImage, classes),
    ];
    if (classes) Object.assign(out, scoresOf(name, classes.stats!));
    out[`real_features_cached[${name}]`] = r.cached;
    if (o.metrics.includes('fid'))
      out[`fid[${name}]`] = await frechetDistance(await featureStats(r.rows), await featureStats(f.rows));
    if (o.metrics.includes('kid')) {
      const k = await kernelInceptionDistance(r.rows, f.rows);
      out[`kid[${name}]`] = k.mean;
      out[`kid_std[${name}]`] = k.std;
    }
  }
  const paired = o.metrics.filter((m) => m === 'ssim' || m === 'msssim');
  if (paired.length || o.metrics.includes('swd')) {
    // SSIM compares an image with its counterpart: the same file name when the folders share names,
    // else the i-th of each folder in sorted order (reported, so nobody mistakes one for the other)
    const fakeSet = new Set(fake);
    const byName = real.filter((f) => fakeSet.has(f)).map((f): [string, string] => [f, f]);
    const pairs = byName.length
      ? byName
      : real.slice(0, Math.min(real.length, fake.length)).map((f, i): [string, string] => [f, fake[i]!]);
    const [swdReal, swdFake] = [new PyramidDescriptors(), new PyramidDescriptors()];
    let [ssimSum, msSum] = [0, 0];
    const swdCount = Math.min(real.length, fake.length);
    for (let i = 0; i < Math.max(paired.length ? pairs.length : 0, o.metrics.includes('swd') ? swdCount : 0); i++) {
      const [ra, fb] = pairs[i] ?? [real[i]!, fake[i]!];
      const [a, b] = [await readImage(join(o.real, ra)), await readImage(join(o.fake, fb))];
      if (paired.length && (a.width !== b.width || a.height !== b.height))
        throw new GanimateError(
          `${ra} and ${fb} differ in size (${a.width}×${a.height} vs ${b.width}×${b.height}); ssim and msssim compare images of one size`,
        );
      if (o.metrics.includes('ssim'))
        ssimSum += structuralSimilarity(a, b, {
          dataRange: 255,
          gaussianWeights: true,
          sigma: 1.5,
          useSampleCovariance: false,
        });
      if (o.metrics.includes('msssim')) msSum += msSsimProgan([a], [b]).mean;
      if (o.metrics.includes('swd') && i < swdCount) {
        swdReal.add(imageBatch(a));
        swdFake.add(imageBatch(b));
      }
    }
    if (o.metrics.includes('ssim')) out.ssim = ssimSum / pairs.length;
    if (o.metrics.includes('msssim')) out.msssim = msSum / pairs.length;
    if (paired.length) {
      out.pairs = pairs.length;
      out.pairing = byName.length ? 'by name' : 'by position';
    }
    if (o.metrics.includes('swd')) out.swd = swd(swdReal.finish(), swdFake.finish()).mean;
  }
  return out;
}
