// The child process of encode-process.ts: raw RGB frames on stdin, the encoded animation on stdout.
import { encodeAnimation } from '../video/animation-file.js';

const [format, fps, width, height, count] = process.argv.slice(2);
const [w, h, n] = [Number(width), Number(height), Number(count)];
const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const all = Buffer.concat(chunks);
const plane = w * h * 3;
if (all.length !== plane * n) {
  process.stderr.write(`expected ${n} frames of ${w}×${h} (${plane * n} bytes), got ${all.length} bytes`);
  process.exit(1);
}
const frames = Array.from({ length: n }, (_, i) => ({ width: w, height: h, data: new Uint8Array(all.buffer, all.byteOffset + i * plane, plane) }));
try {
  process.stdout.write(await encodeAnimation(frames, Number(fps), format as 'gif' | 'webp' | 'mp4'));
} catch (e) {
  process.stderr.write((e as Error).message);
  process.exitCode = 1;
}
