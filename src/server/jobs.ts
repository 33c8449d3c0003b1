// What one HTTP request asks of the models, run where the models live (an inference worker): decode,
// find faces, edit / animate / estimate, encode. Pure functions of a FaceEditor and bytes.
import { AUS, type AuVector, RAW_MAX } from '../au/action-units.js';
import { encodeImage, readImage } from '../image/image-io.js';
import { encodeAnimation, renderAnimation } from '../infer/animation.js';
import type { FaceEditor, Prepared } from '../infer/face-editor.js';
import type { FaceTransfer } from '../infer/face-transfer.js';
import { BadRequestError, type AnimateParams, type EditParams, type EstimateParams, type TransferParams } from './params.js';

export type Job =
  | { kind: 'edit'; image: Uint8Array; like?: Uint8Array; params: EditParams }
  | { kind: 'animate'; image: Uint8Array; like?: Uint8Array; params: AnimateParams }
  | { kind: 'estimate'; image: Uint8Array; params: EstimateParams }
  | { kind: 'transfer'; image: Uint8Array; reference: Uint8Array; params: TransferParams };

export interface JobResult {
  /** A file to send back (edit, animate) or JSON (estimate). */
  body?: Uint8Array;
  contentType: string;
  json?: unknown;
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

export async function runJob(editor: FaceEditor, job: Job, maxPixels: number, transfer?: FaceTransfer): Promise<JobResult> {
  if (job.kind === 'transfer') {
    if (!transfer) throw new BadRequestError('this server has no GeoGAN transfer model; start it with --transfer-model <geogan.onnx>', 501);
    const r = await transfer.transfer(await readImage(job.image, maxPixels), await readImage(job.reference, maxPixels), { target: 'the uploaded image', reference: 'the "reference" photo' });
    return { body: await encodeImage(r.image, `.${job.params.format}`, 92), contentType: IMAGE_TYPES[job.params.format], faces: r.faces };
  }
  const p = await editor.prepare(await readImage(job.image, maxPixels), 'the uploaded image', job.params.aligned);
  if (job.kind === 'estimate') return { contentType: 'application/json', json: { faces: await report(editor, p, job.params.crops) }, faces: p.faces.length };
  const target = job.like ? await likeOf(editor, job.like, maxPixels) : Float32Array.from(job.params.target!);
  if (job.kind === 'edit') {
    const [out] = await editor.render(p, [[target]]);
    return { body: await encodeImage(out!, `.${job.params.format}`, 92), contentType: IMAGE_TYPES[job.params.format], faces: p.faces.length };
  }
  const frames = await renderAnimation(editor, p, await editor.estimate(p), target, job.params.frames);
  return { body: await encodeAnimation(frames, job.params.fps, job.params.format), contentType: ANIMATION_TYPES[job.params.format], faces: p.faces.length };
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
      aus: aus ? Object.fromEntries(AUS.map((a, k) => [`AU${String(a.au).padStart(2, '0')}`, round(Math.min(RAW_MAX, aus[i]![k]!))])) : null,
      ...(crops ? { crop: `data:image/png;base64,${Buffer.from(await encodeImage(f.crop, '.png')).toString('base64')}` } : {}),
    })),
  );
}

const round = (x: number) => Math.round(x * 1000) / 1000;
