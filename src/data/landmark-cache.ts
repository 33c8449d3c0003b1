// 68 landmarks per dataset image from ganimate's face pipeline, computed once and kept in the user's
// cache folder (never inside the dataset, which may be read-only). The cache key covers the image
// files (names, sizes, times) and the pipeline's version, so a changed detector or dataset recomputes.
// Work is saved as it goes: an interrupted run resumes where it stopped.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FaceDetector } from '../face/detector.js';
import { readImage } from '../image/image-io.js';
import { readSafetensors, writeSafetensors } from '../nn/safetensors.js';

/** Bump when detection, padding or landmark conventions change. */
export const LANDMARK_PIPELINE_VERSION = 'face-api-1.7.15-ssd-68-greypad-first-v2';

export const defaultLandmarkCacheDir = (): string =>
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ganimate', 'landmarks');

export interface LandmarkTable {
  /** 68 (x, y) pixel positions per image id where a face was found. */
  points: Map<string, Float32Array>;
  /** Ids where the pipeline found no face. */
  missing: string[];
  cacheFile: string;
  /** Images computed in this call (the rest came from the cache). */
  computed: number;
}

export interface LandmarkOptions {
  cacheDir?: string;
  /** Save progress every this many new images. */
  saveEvery?: number;
  onImage?: () => void;
}

function keyOf(ids: string[], files: Map<string, string>): string {
  const h = createHash('sha256').update(LANDMARK_PIPELINE_VERSION);
  for (const id of ids) {
    const s = statSync(files.get(id)!);
    h.update(`${id}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 24);
}

/** Landmarks of `ids` (image files in `files`), from the cache where present. */
export async function datasetLandmarks(
  ids: string[],
  files: Map<string, string>,
  o: LandmarkOptions = {},
): Promise<LandmarkTable> {
  const dir = o.cacheDir ?? defaultLandmarkCacheDir();
  const cacheFile = join(dir, `${keyOf(ids, files)}.safetensors`);
  // row k: 136 coordinates of ids[k]; done[k]: 0 = not yet, 1 = found, 2 = no face
  const coords = new Float32Array(ids.length * 136);
  const done = new Float32Array(ids.length);
  if (existsSync(cacheFile)) {
    const t = readSafetensors(cacheFile).tensors;
    coords.set(t.get('landmarks')!.data);
    done.set(t.get('status')!.data);
  }
  const save = () => {
    mkdirSync(dir, { recursive: true });
    writeSafetensors(
      cacheFile,
      new Map([
        ['landmarks', { shape: [ids.length, 68, 2], data: coords }],
        ['status', { shape: [ids.length], data: done }],
      ]),
      { pipeline: LANDMARK_PIPELINE_VERSION, images: String(ids.length) },
    );
  };
  let computed = 0;
  let detector: FaceDetector | undefined;
  for (const [k, id] of ids.entries()) {
    if (done[k]) {
      o.onImage?.();
      continue;
    }
    detector ??= await FaceDetector.load({ model: 'ssd' }); // the cached version's detector, whatever the default
    const [face] = await detector.detect(await readImage(files.get(id)!));
    if (face) face.landmarks.forEach(([x, y], i) => coords.set([x, y], k * 136 + 2 * i));
    done[k] = face ? 1 : 2;
    computed++;
    if (computed % (o.saveEvery ?? 500) === 0) save();
    o.onImage?.();
  }
  if (computed) save();
  const points = new Map<string, Float32Array>();
  const missing: string[] = [];
  ids.forEach((id, k) => (done[k] === 1 ? points.set(id, coords.slice(k * 136, (k + 1) * 136)) : missing.push(id)));
  return { points, missing, cacheFile, computed };
}

/** Pixel landmarks of a size × size image to GeoGAN's normalised coordinates (align-corners centres). */
export function normaliseLandmarks(points: Float32Array, size: number): Float32Array {
  return points.map((v) => (2 * v) / (size - 1) - 1);
}
