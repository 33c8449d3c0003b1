// Pairs of frames of one person for paired training (the loss weight `paired`): two frames of one driving clip share
// the person, the light and the camera and differ in expression, so the edit of the first towards the second's AUs
// has a photograph to be compared with, where faces128 gives each face one expression only. Made by
// tools/video-pairs.ts: <prefix>.u8 holds the aligned 128-px crops, <prefix>.json each frame's clip, AUs (raw 0–5)
// and rigid landmarks on the template. A pair is kept only when the rigid landmarks of its two frames lie within
// `maxTurn` pixels (root mean square) of each other: a head turned between them is a change no AU asks for.
import { existsSync, readFileSync } from 'node:fs';
import { RAW_MAX } from '../au/action-units.js';
import { BadFileError, InvalidOptionError } from '../errors.js';
import type { Random } from '../random/seeded-random.js';

/** The pose limit, in template pixels: on the driving videos at 1.5 the face region of a pair differs by 0.085 (mean
 * absolute, in [-1, 1]) when nothing is edited, at 0.75 by 0.055, where 4,120 of 4,406 frames still have a partner. */
export const MAX_TURN = 0.75;

export interface PairBatch {
  n: number;
  /** The first frames, [n, 3, S, S] in [-1, 1]. */
  from: Float32Array;
  /** The second frames, the same layout: what the edit of each first frame towards toCond should look like. */
  to: Float32Array;
  /** Their AUs, [n, 17], raw / 5. */
  fromCond: Float32Array;
  toCond: Float32Array;
}

interface PairsMeta {
  size: number;
  clips: string[];
  clip: number[];
  aus: number[][];
  rigid: number[][];
}

export class VideoPairs {
  /** Per frame, the frames of its clip it may pair with. */
  readonly partners: Int32Array[];
  /** The frames with at least one partner: what a draw starts from. */
  private readonly firsts: number[];

  private constructor(
    private readonly pixels: Uint8Array,
    private readonly meta: PairsMeta,
    readonly imageSize: number,
    maxTurn: number,
  ) {
    const { clip, rigid } = meta;
    this.partners = clip.map((c, i) => {
      const near: number[] = [];
      for (let j = 0; j < clip.length; j++)
        if (j !== i && clip[j] === c && rmsDistance(rigid[i]!, rigid[j]!) <= maxTurn) near.push(j);
      return Int32Array.from(near);
    });
    this.firsts = this.partners.flatMap((p, i) => (p.length ? [i] : []));
  }

  /** Reads <prefix>.u8 and <prefix>.json; `imageSize` the stored size or half of it (2 × 2 means). */
  static load(prefix: string, imageSize: number, maxTurn = MAX_TURN): VideoPairs {
    for (const f of [`${prefix}.u8`, `${prefix}.json`])
      if (!existsSync(f))
        throw new BadFileError(
          `--video-pairs: ${f} does not exist; make the frames with node dist/tools/video-pairs.js <prefix> (it writes <prefix> and <prefix>-held-out)`,
        );
    const meta = JSON.parse(readFileSync(`${prefix}.json`, 'utf8')) as PairsMeta;
    const pixels = new Uint8Array(readFileSync(`${prefix}.u8`));
    const n = meta.clip?.length ?? 0;
    if (!n || pixels.length !== n * meta.size * meta.size * 3 || meta.aus.length !== n || meta.rigid.length !== n)
      throw new BadFileError(
        `--video-pairs: ${prefix}.u8 and .json do not describe the same ${n} frames; make them again with node dist/tools/video-pairs.js ${prefix}`,
      );
    if (imageSize !== meta.size && imageSize * 2 !== meta.size)
      throw new InvalidOptionError(
        `--video-pairs holds ${meta.size}-px frames, which serve a model of ${meta.size} or ${meta.size / 2} px, not ${imageSize}; use a model of one of those sizes, or make frames of its size`,
      );
    return new VideoPairs(pixels, meta, imageSize, maxTurn);
  }

  /** How many frames have at least one partner. */
  get pairable(): number {
    return this.firsts.length;
  }

  /** How many frames there are. */
  get frames(): number {
    return this.meta.clip.length;
  }

  /** Frame i as stored (not flipped), CHW in [-1, 1] at the pairs' size. */
  frame(i: number): Float32Array {
    if (!Number.isInteger(i) || i < 0 || i >= this.frames)
      throw new InvalidOptionError(`frame ${i} is outside the ${this.frames} frames of these pairs`);
    const out = new Float32Array(3 * this.imageSize * this.imageSize);
    this.frameInto(i, false, out, 0);
    return out;
  }

  /** The clip of frame i. */
  clipOf(i: number): number {
    return this.meta.clip[i]!;
  }

  /** n pairs drawn at random (a frame with a partner, then one of its partners), each flipped left–right or not as
   * one. */
  draw(n: number, rng: Random): PairBatch {
    const firsts = this.firsts;
    if (!firsts.length) throw new InvalidOptionError('--video-pairs: no two frames of a clip share a pose');
    const S = this.imageSize;
    const out: PairBatch = {
      n,
      from: new Float32Array(n * 3 * S * S),
      to: new Float32Array(n * 3 * S * S),
      fromCond: new Float32Array(n * 17),
      toCond: new Float32Array(n * 17),
    };
    for (let k = 0; k < n; k++) {
      const i = firsts[Math.floor(rng() * firsts.length)]!;
      const p = this.partners[i]!;
      const j = p[Math.floor(rng() * p.length)]!;
      const flip = rng() < 0.5;
      this.frameInto(i, flip, out.from, k);
      this.frameInto(j, flip, out.to, k);
      // AUs are bilateral intensities: a mirrored face keeps them
      out.fromCond.set(
        this.meta.aus[i]!.map((v) => v / RAW_MAX),
        k * 17,
      );
      out.toCond.set(
        this.meta.aus[j]!.map((v) => v / RAW_MAX),
        k * 17,
      );
    }
    return out;
  }

  /** Frame i into out's k-th image, CHW in [-1, 1], halved by 2 × 2 means when the training size is half. */
  private frameInto(i: number, flip: boolean, out: Float32Array, k: number): void {
    const T = this.meta.size;
    const S = this.imageSize;
    const f = T / S;
    const base = i * T * T * 3;
    const o = k * 3 * S * S;
    for (let y = 0; y < S; y++)
      for (let x = 0; x < S; x++) {
        const sx = flip ? S - 1 - x : x;
        for (let c = 0; c < 3; c++) {
          let s = 0;
          for (let dy = 0; dy < f; dy++)
            for (let dx = 0; dx < f; dx++) s += this.pixels[base + ((y * f + dy) * T + sx * f + dx) * 3 + c]!;
          out[o + c * S * S + y * S + x] = s / (f * f) / 127.5 - 1;
        }
      }
  }
}

function rmsDistance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s / (a.length / 2));
}
