import assert from 'node:assert/strict';
import { it } from 'node:test';
import { encodeAnimation } from '../video/animation-file.js';
import { EncodingStoppedError, encodeAnimationStoppable } from './encode-process.js';

const frames = (n: number, size: number) =>
  Array.from({ length: n }, (_, k) => ({ width: size, height: size, data: Uint8Array.from({ length: size * size * 3 }, (_, i) => (i * 7 + k * 31 + ((i * i) >> 5)) & 255) }));

it('the stoppable encoder writes the same GIF as encodeAnimation, and a stop kills it at once', async () => {
  const few = frames(3, 64);
  assert.deepEqual(new Uint8Array(await encodeAnimationStoppable(few, 12, 'gif', new AbortController().signal)), new Uint8Array(await encodeAnimation(few, 12, 'gif')));
  const stop = new AbortController();
  const encoding = encodeAnimationStoppable(frames(60, 256), 12, 'gif', stop.signal);
  let stoppedAt = 0;
  setTimeout(() => {
    stoppedAt = performance.now();
    stop.abort();
  }, 300);
  await assert.rejects(encoding, EncodingStoppedError);
  // 60 GIF frames of 256² take seconds; from the stop to the answer, well under one (the child is killed, not waited for)
  assert.ok(stoppedAt > 0 && performance.now() - stoppedAt < 1500, `answered ${Math.round(performance.now() - stoppedAt)} ms after the stop`);
});
