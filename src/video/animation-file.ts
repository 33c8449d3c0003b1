// Animation files: GIF (gif-encoder.ts), animated WebP (sharp), MP4 (ffmpeg: the system's, else the one in the npm
// package) or a folder of PNGs, chosen by the output's name.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import sharp from 'sharp';
import { GanimateError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { encodeGif } from '../image/gif-encoder.js';
import { writeImage } from '../image/image-io.js';
import type { RgbImage } from '../image/rgb-image.js';
import { ffmpegPath } from './ffmpeg.js';

export type AnimationFormat = 'gif' | 'webp' | 'mp4' | 'frames';

export function formatOf(out: string): AnimationFormat {
  if (out.endsWith('/')) return 'frames';
  const ext = extname(out).toLowerCase();
  if (ext === '.gif' || ext === '.webp' || ext === '.mp4') return ext.slice(1) as AnimationFormat;
  if (!ext) return 'frames';
  throw new GanimateError(`cannot write an animation as "${ext}"; name the output *.gif, *.webp, *.mp4 or a folder/`);
}

export async function writeAnimation(out: string, frames: RgbImage[], fps: number): Promise<void> {
  const format = formatOf(out);
  if (format === 'frames') {
    checkFps(fps);
    mkdirSync(out, { recursive: true });
    for (const [i, f] of frames.entries()) await writeImage(join(out, `frame_${String(i + 1).padStart(4, '0')}.png`), f);
    return;
  }
  writeFileAtomic(out, await encodeAnimation(frames, fps, format));
}

/** The frames as one GIF, animated WebP or MP4 file. */
export async function encodeAnimation(frames: RgbImage[], fps: number, format: Exclude<AnimationFormat, 'frames'>): Promise<Uint8Array> {
  checkFps(fps);
  const [w, h] = [frames[0]!.width, frames[0]!.height];
  if (format === 'gif') return encodeGif(frames, fps);
  const stacked = Buffer.concat(frames.map((f) => Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength)));
  if (format === 'mp4') return mp4(stacked, w, h, fps);
  const s = sharp(stacked, { raw: { width: w, height: h * frames.length, channels: 3, pageHeight: h } });
  return s.webp({ delay: Math.round(1000 / fps), loop: 0, quality: 90 }).toBuffer();
}

function checkFps(fps: number): void {
  if (!(fps > 0 && fps <= 60)) throw new GanimateError(`--fps must be between 0 and 60, got ${fps}`);
}

function mp4(raw: Buffer, w: number, h: number, fps: number): Promise<Uint8Array> {
  const [ew, eh] = [w + (w % 2), h + (h % 2)];
  const args = ['-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${w}x${h}`, '-r', String(fps), '-i', '-', '-vf', `pad=${ew}:${eh}`, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', 'frag_keyframe+empty_moov', '-f', 'mp4', '-'];
  return new Promise((resolve, reject) => {
    const p = spawn(ffmpegPath(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new GanimateError(`ffmpeg failed: ${err.trim()}`))));
    p.stdin.end(raw);
  });
}
