// Animation encoding in a child process that can be stopped: a GIF encoder call cannot be interrupted
// inside the process that made it (libvips runs it to the end on the thread pool, and a worker thread
// waiting on it cannot exit), so the server encodes out of process and kills the encoder when the
// client leaves or the server shuts down. Same encoder, same bytes as encodeAnimation.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GanimateError } from '../errors.js';
import type { RgbImage } from '../image/rgb-image.js';
import type { AnimationFormat } from '../video/animation-file.js';

/** Raised when `signal` stopped the encoder. */
export class EncodingStoppedError extends GanimateError {}

const CHILD = fileURLToPath(new URL('./encode-child.js', import.meta.url));

/** encodeAnimation in a child process; aborting `signal` kills it and rejects with EncodingStoppedError. */
export function encodeAnimationStoppable(frames: RgbImage[], fps: number, format: Exclude<AnimationFormat, 'frames'>, signal: AbortSignal): Promise<Uint8Array> {
  if (signal.aborted) return Promise.reject(new EncodingStoppedError('the animation was not encoded: its job was stopped'));
  const [w, h] = [frames[0]!.width, frames[0]!.height];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, format, String(fps), String(w), String(h), String(frames.length)], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const stop = () => child.kill('SIGKILL');
    signal.addEventListener('abort', stop, { once: true });
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.stdin.on('error', () => undefined); // a killed child closes its input early
    child.on('close', (code) => {
      signal.removeEventListener('abort', stop);
      if (signal.aborted) return reject(new EncodingStoppedError('the animation encoder was stopped: its job was cancelled'));
      if (code !== 0) return reject(new GanimateError(err.trim() || `the animation encoder exited with code ${code}`));
      resolve(Buffer.concat(out));
    });
    for (const f of frames) child.stdin.write(Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength));
    child.stdin.end();
  });
}
