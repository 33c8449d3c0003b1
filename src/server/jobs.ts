// What one HTTP request asks of the models, run where the models live (an inference worker): decode,
// find faces, edit / animate / estimate, encode. Pure functions of a FaceEditor and bytes.
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUS, type AuVector, RAW_MAX } from '../au/action-units.js';
import { encodeImage, readImage, resizeImage } from '../image/image-io.js';
import type { RgbImage } from '../image/rgb-image.js';
import { GanimateError } from '../errors.js';
import { renderAnimationTo } from '../infer/animation.js';
import type { FaceEditor, Prepared } from '../infer/face-editor.js';
import type { FaceTransfer } from '../infer/face-transfer.js';
import type { FaceDetector } from '../face/detector.js';
import { AU_SMOOTHING, reenact } from '../infer/reenact.js';
import { openFrameSink } from '../video/frame-sink.js';
import { readFrames, type VideoInfo } from '../video/video-reader.js';
import {
  BadRequestError,
  type AnimateParams,
  type EditParams,
  type EstimateParams,
  type ReenactParams,
  type TransferParams,
} from './params.js';

export type Job =
  | { kind: 'edit'; image: Uint8Array; like?: Uint8Array; params: EditParams }
  | { kind: 'animate'; image: Uint8Array; like?: Uint8Array; params: AnimateParams }
  | { kind: 'estimate'; image: Uint8Array; params: EstimateParams }
  | { kind: 'transfer'; image: Uint8Array; reference: Uint8Array; params: TransferParams }
  | { kind: 'reenact'; image: Uint8Array; driver: string; info: VideoInfo; output: string; params: ReenactParams };

export interface JobResult {
  /** A file to send back (edit, animate) or JSON (estimate). */
  body?: Uint8Array;
  contentType: string;
  json?: unknown;
  /** A result written to disk (reenact), instead of `body`. */
  file?: string;
  faces: number;
}

export interface FaceReport {
  score: number | null;
  box: { x: number; y: number; width: number; height: number };
  /** Raw 0–5 intensities keyed AU01 … AU45. */
  aus: Record<string, number> | null;
  /** The face's aligned model-sized crop as a PNG data URL (params.crops). */
  crop?: string;
}

const IMAGE_TYPES = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
const ANIMATION_TYPES = { gif: 'image/gif', webp: 'image/webp', mp4: 'video/mp4' } as const;

/** The job was stopped (its client left, or the server is shutting down); the pool has already answered for it. */
export class JobStoppedError extends GanimateError {
  constructor() {
    super('the job was stopped');
    this.name = 'JobCancelledError';
  }
}

/** What a worker holds besides the editor: the transfer model, the detector a reenactment follows faces with, and
 * where progress goes (frames done). */
export interface JobContext {
  transfer?: FaceTransfer;
  detector?: FaceDetector;
  onProgress?: (frames: number) => void;
}

/** Runs one job; aborting `signal` stops it between its stages and animation batches, and kills its animation
 * encoder. */
export async function runJob(
  editor: FaceEditor,
  job: Job,
  maxPixels: number,
  context: JobContext = {},
  signal: AbortSignal = new AbortController().signal,
): Promise<JobResult> {
  const { transfer } = context;
  const checkpoint = () => {
    if (signal.aborted) throw new JobStoppedError();
  };
  if (job.kind === 'reenact') return reenactJob(editor, job, maxPixels, context, signal);
  if (job.kind === 'transfer') {
    if (!transfer)
      throw new BadRequestError(
        'this server has no GeoGAN transfer model; start it with --transfer-model <geogan.onnx>',
        501,
      );
    const [photo, reference] = [await readImage(job.image, maxPixels), await readImage(job.reference, maxPixels)];
    checkpoint();
    const r = await transfer.transfer(photo, reference, {
      target: 'the uploaded image',
      reference: 'the "reference" photo',
    });
    return {
      body: await encodeImage(r.image, `.${job.params.format}`, 92),
      contentType: IMAGE_TYPES[job.params.format],
      faces: r.faces,
    };
  }
  const photo = await fitAnimation(await readImage(job.image, maxPixels), job);
  checkpoint();
  const p = await editor.prepare(photo, 'the uploaded image', job.params.aligned);
  checkpoint();
  if (job.kind === 'estimate')
    return {
      contentType: 'application/json',
      json: { faces: await report(editor, p, job.params.crops) },
      faces: p.faces.length,
    };
  const target = job.like ? await likeOf(editor, job.like, maxPixels) : Float32Array.from(job.params.target!);
  if (job.kind === 'edit') {
    const [out] = await editor.render(p, [[target]]);
    checkpoint();
    return {
      body: await encodeImage(out!, `.${job.params.format}`, 92),
      contentType: IMAGE_TYPES[job.params.format],
      faces: p.faces.length,
    };
  }
  // frames go to their encoder as they are rendered (GIF frame by frame, MP4 into ffmpeg), through a private file
  const file = join(tmpdir(), `ganimate-animation-${randomUUID()}.${job.params.format}`);
  const sink = openFrameSink(file, { fps: job.params.fps, frames: job.params.frames });
  let body: Uint8Array;
  try {
    await renderAnimationTo(editor, p, await editor.estimate(p), target, job.params.frames, sink, {
      check: checkpoint,
    });
    await sink.finish();
    body = readFileSync(file);
  } catch (e) {
    sink.abort();
    throw e;
  } finally {
    rmSync(file, { force: true });
  }
  return { body, contentType: ANIMATION_TYPES[job.params.format], faces: p.faces.length };
}

/** Pixels one animation may render, frames × photo pixels: 120 frames of a 0.2-megapixel photo (447 × 447), 24 of 1
 * megapixel. Measured (`npm run bench -- abuse`, 2 cores shared with a training run): 120 frames of 0.4 megapixels took
 * 110 s, almost all of it GIF encoding; at this budget 70 s (the job timeout scales with frames: worker-pool.ts). That
 * was before GIF frames were encoded as they are rendered, by an encoder 4–6× faster (2026-12-03).
 * Larger photos are animated downscaled to fit, never refused: an animation is for a screen. */
export const ANIMATION_PIXEL_BUDGET = 24_000_000;

async function fitAnimation(photo: RgbImage, job: Job): Promise<RgbImage> {
  if (job.kind !== 'animate' || job.params.aligned) return photo;
  const scale = Math.sqrt(ANIMATION_PIXEL_BUDGET / (job.params.frames * photo.width * photo.height));
  if (scale >= 1) return photo;
  return resizeImage(
    photo,
    Math.max(1, Math.floor(photo.width * scale)),
    Math.max(1, Math.floor(photo.height * scale)),
  );
}

async function reenactJob(
  editor: FaceEditor,
  job: Extract<Job, { kind: 'reenact' }>,
  maxPixels: number,
  context: JobContext,
  signal: AbortSignal,
): Promise<JobResult> {
  if (!context.detector) throw new Error("reenact needs the worker's face detector");
  const p = await editor.prepare(await readImage(job.image, maxPixels), 'the uploaded image');
  const { info, params } = job;
  const sink = openFrameSink(job.output, {
    fps: info.fps,
    frames: info.frames,
    audioFrom: info.hasAudio ? job.driver : undefined,
  });
  try {
    const smoothing = params.smoothing
      ? {
          ...AU_SMOOTHING,
          minCutoff: params.minCutoff ?? AU_SMOOTHING.minCutoff,
          beta: params.beta ?? AU_SMOOTHING.beta,
        }
      : null;
    await reenact(editor, context.detector, p, readFrames(job.driver, info), sink, {
      mode: params.mode,
      neutralFrame: params.neutralFrame,
      driverFace: params.driverFace,
      smoothing,
      fps: info.fps,
      onFrames: context.onProgress,
      signal,
    });
    await sink.finish();
  } catch (e) {
    sink.abort();
    throw signal.aborted ? new JobStoppedError() : e;
  }
  return { file: job.output, contentType: ANIMATION_TYPES[params.format], faces: p.faces.length };
}

async function likeOf(editor: FaceEditor, bytes: Uint8Array, maxPixels: number): Promise<AuVector> {
  const p = await editor.prepare(await readImage(bytes, maxPixels), 'the "like" photo');
  return (await editor.estimate(p))[0]!;
}

async function report(editor: FaceEditor, p: Prepared, crops: boolean): Promise<FaceReport[]> {
  const aus = editor.estimator ? await editor.estimate(p) : undefined;
  return Promise.all(
    p.faces.map(async (f, i) => ({
      score: f.detected?.score ?? null,
      box: f.detected?.box ?? { x: 0, y: 0, width: p.photo.width, height: p.photo.height },
      aus: aus
        ? Object.fromEntries(
            AUS.map((a, k) => [`AU${String(a.au).padStart(2, '0')}`, round(Math.min(RAW_MAX, aus[i]![k]!))]),
          )
        : null,
      ...(crops
        ? { crop: `data:image/png;base64,${Buffer.from(await encodeImage(f.crop, '.png')).toString('base64')}` }
        : {}),
    })),
  );
}

const round = (x: number) => Math.round(x * 1000) / 1000;
