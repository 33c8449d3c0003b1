// Reenactment: a still photo driven by the expressions of a face video. The photo is detected and aligned once;
// the driver's face is followed frame by frame, its 17 AUs read by the estimator, smoothed with One-Euro filters
// (landmarks before alignment, AUs after), and turned into targets: the photo's own AUs plus the driver's change
// from its rest frame ('relative', clipped to 0–5) or the driver's AUs as they are ('absolute'). Frames go to the
// sink in order as they are rendered, so memory stays flat however long the video.
import { AU_COUNT, type AuVector, RAW_MAX } from '../au/action-units.js';
import { GanimateError } from '../errors.js';
import { alignmentFor, cropAligned } from '../face/align.js';
import { type FaceDetector, NoFaceError, type Point } from '../face/detector.js';
import { FaceTracker } from '../face/face-tracker.js';
import type { RgbImage } from '../image/rgb-image.js';
import type { FrameSink } from '../video/frame-sink.js';
import type { FaceEditor, Prepared } from './face-editor.js';
import { OneEuroFilter, type OneEuroOptions } from './one-euro.js';
import { FieldError, REQUEST_FIELDS } from './request.js';

export type ReenactMode = 'relative' | 'absolute';

/** AU smoothing by default: still faces steady (0.2 Hz at rest), expression onsets followed (cutoff +0.2 Hz per AU
 * unit/s). Measured (`npm run bench -- reenact`, 5 clips × 90 frames): output flicker 0.535 of the unsmoothed at
 * 1.049 × its AU tracking error (0.3 / 0.3: 0.626 at 1.047; 1 / 0.7 on two clips: 0.71). */
export const AU_SMOOTHING: OneEuroOptions = {
  minCutoff: REQUEST_FIELDS.minCutoff.default,
  beta: REQUEST_FIELDS.beta.default,
  dCutoff: 1,
};
/** Landmark smoothing (pixels): jitter of a pixel or two removed at rest, head turns followed. */
const LANDMARK_SMOOTHING: OneEuroOptions = { minCutoff: 1.5, beta: 0.02, dCutoff: 1 };

export interface ReenactOptions {
  mode: ReenactMode;
  /** The driver frame whose AUs are its rest expression ('relative'); the first frame with a face at or after it. */
  neutralFrame?: number;
  /** One-Euro parameters for the AUs; null renders every frame's reading as it is (no smoothing of AUs or
   * landmarks). */
  smoothing: OneEuroOptions | null;
  driverFace?: 'largest' | number;
  /** Frames per second of the driver (the filters' time step). */
  fps: number;
  onFrames?: (n: number) => void;
  signal?: AbortSignal;
}

export interface ReenactResult {
  frames: number;
  /** Frames in which the driver's face was found. */
  framesWithFace: number;
  /** Raw AUs read from each driver frame (undefined where no face was found). */
  driverAus: (AuVector | undefined)[];
  /** The targets rendered, per frame and per face of the photo. */
  targets: AuVector[][];
}

const CHUNK = 8;

export async function reenact(
  editor: FaceEditor,
  detector: FaceDetector,
  photo: Prepared,
  driver: AsyncIterable<RgbImage>,
  sink: FrameSink,
  o: ReenactOptions,
): Promise<ReenactResult> {
  const own = await editor.estimate(photo);
  const tracker = new FaceTracker(detector, { pick: o.driverFace });
  const dt = 1 / o.fps;
  const landmarkFilter = o.smoothing ? new OneEuroFilter(LANDMARK_SMOOTHING) : undefined;
  const auFilter = o.smoothing ? new OneEuroFilter(o.smoothing) : undefined;
  const driverAus: (AuVector | undefined)[] = [];
  const smoothed: (AuVector | undefined)[] = [];
  const targets: AuVector[][] = [];
  let rest: AuVector | undefined;
  let held: AuVector | undefined;
  let rendered = 0;
  let lostBefore = true;

  const readChunk = async (frames: RgbImage[]) => {
    const crops: { k: number; crop: RgbImage }[] = [];
    for (const frame of frames) {
      const k = driverAus.length;
      driverAus.push(undefined);
      const step = await tracker.next(frame);
      if (!step.landmarks) {
        lostBefore = true;
        continue;
      }
      // a face found again after being lost starts its smoothing afresh
      if (lostBefore) landmarkFilter?.reset();
      lostBefore = false;
      const flat = landmarkFilter ? landmarkFilter.filter(step.landmarks.flat(), dt) : step.landmarks.flat();
      const landmarks = Array.from({ length: 68 }, (_, i): Point => [flat[2 * i]!, flat[2 * i + 1]!]);
      const toCrop = alignmentFor(landmarks, editor.size);
      crops.push({ k, crop: cropAligned(frame, toCrop, editor.size) });
    }
    if (!crops.length) return;
    const aus = await editor.estimate({
      photo: frames[0]!,
      faces: crops.map(({ crop }) => ({ toCrop: { a: 1, b: 0, tx: 0, ty: 0 }, crop })),
      aligned: true,
      name: 'the driver',
    });
    crops.forEach(({ k }, i) => (driverAus[k] = aus[i]));
  };

  const smoothUpTo = (end: number) => {
    for (let k = smoothed.length; k < end; k++) {
      const a = driverAus[k];
      if (a) held = auFilter ? Float32Array.from(auFilter.filter(a, dt)) : a;
      smoothed.push(held);
      if (!rest && held && k >= (o.neutralFrame ?? 0)) rest = held;
    }
  };

  const targetOf = (s: AuVector | undefined): AuVector[] =>
    own.map((mine) => {
      if (!s) return mine;
      if (o.mode === 'absolute') return s;
      return mine.map((v, i) => Math.max(0, Math.min(RAW_MAX, v + s[i]! - rest![i]!)));
    });

  // rendering runs on ONNX Runtime's threads while the main thread follows the next frames' face (face-api's wasm
  // is single-threaded): chained, so frames reach the sink in order
  let pipeline = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const renderSome = async (final: boolean) => {
    if (!rest && !final) return;
    while (rendered < smoothed.length && (smoothed.length - rendered >= CHUNK || final)) {
      const chunk = smoothed.slice(rendered, rendered + CHUNK).map(targetOf);
      rendered += chunk.length;
      const images = await editor.render(photo, chunk);
      for (const img of images) await sink.write(img);
      targets.push(...chunk);
      o.onFrames?.(chunk.length);
    }
  };
  const renderReady = (final: boolean) => {
    pipeline = pipeline
      .then(() => (failure ? undefined : renderSome(final)))
      .catch((error: unknown) => void (failure ??= { error }));
    return pipeline;
  };
  const check = () => {
    if (failure) throw failure.error;
    if (o.signal?.aborted) throw o.signal.reason ?? new GanimateError('reenactment stopped');
  };

  let batch: RgbImage[] = [];
  try {
    for await (const frame of driver) {
      check();
      batch.push(frame);
      if (batch.length < CHUNK) continue;
      await readChunk(batch);
      batch = [];
      smoothUpTo(driverAus.length);
      void renderReady(false);
    }
    await readChunk(batch);
    smoothUpTo(driverAus.length);
  } finally {
    await pipeline;
  }
  check();
  const framesWithFace = driverAus.filter(Boolean).length;
  if (!framesWithFace)
    throw new NoFaceError(
      `no face found in any of the driver's ${driverAus.length} frames; use a video in which a face is clearly visible (at least ~64 px across)`,
    );
  if (!rest)
    throw new FieldError(
      'neutralFrame',
      (f) =>
        `${f} ${o.neutralFrame} is past the last driver frame with a face (${driverAus.length} frames); choose an earlier one`,
    );
  await renderReady(true);
  check();
  return { frames: driverAus.length, framesWithFace, driverAus, targets };
}

/** Mean |a − b| over AUs, raw scale. */
export function auDistance(a: AuVector, b: AuVector): number {
  let s = 0;
  for (let i = 0; i < AU_COUNT; i++) s += Math.abs(a[i]! - b[i]!);
  return s / AU_COUNT;
}
