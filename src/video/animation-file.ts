// Animation files: which format an output name asks for, and animated WebP (sharp). GIF is image/gif-encoder.ts's,
// MP4 ffmpeg's (video/frame-sink.ts streams frames to either as they are rendered).
import { extname } from 'node:path';
import sharp from 'sharp';
import { GanimateError } from '../errors.js';
import type { RgbImage } from '../image/rgb-image.js';

export type AnimationFormat = 'gif' | 'webp' | 'mp4' | 'frames';

export function formatOf(out: string): AnimationFormat {
  if (out.endsWith('/')) return 'frames';
  const ext = extname(out).toLowerCase();
  if (ext === '.gif' || ext === '.webp' || ext === '.mp4') return ext.slice(1) as AnimationFormat;
  if (!ext) return 'frames';
  throw new GanimateError(`cannot write an animation as "${ext}"; name the output *.gif, *.webp, *.mp4 or a folder/`);
}

export function checkFps(fps: number): void {
  if (!(fps > 0 && fps <= 60)) throw new GanimateError(`--fps must be between 0 and 60, got ${fps}`);
}

/** The frames (all the same size) as one looping animated WebP. */
export async function encodeWebp(frames: RgbImage[], fps: number): Promise<Uint8Array> {
  checkFps(fps);
  const [w, h] = [frames[0]!.width, frames[0]!.height];
  const stacked = Buffer.concat(frames.map((f) => Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength)));
  const s = sharp(stacked, { raw: { width: w, height: h * frames.length, channels: 3, pageHeight: h } });
  return s.webp({ delay: Math.round(1000 / fps), loop: 0, quality: 90 }).toBuffer();
}
