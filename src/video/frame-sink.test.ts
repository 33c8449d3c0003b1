import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import sharp from 'sharp';
import { encodeGif } from '../image/gif-encoder.js';
import type { RgbImage } from '../image/rgb-image.js';
import { openFrameSink, writeAnimation } from './frame-sink.js';

const frames = (n: number): RgbImage[] =>
  Array.from({ length: n }, (_, k) => ({
    width: 40,
    height: 30,
    data: Uint8Array.from({ length: 40 * 30 * 3 }, (_, i) => (i * 7 + (i % 300 < 90 ? k * 20 : 0)) & 255),
  }));

it('a GIF is encoded frame by frame as frames arrive, and appears only when finished', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganimate-sink-'));
  const out = join(dir, 'a.gif');
  const sink = openFrameSink(out, { fps: 10, frames: 4 });
  for (const f of frames(4)) await sink.write(f);
  assert.ok(!existsSync(out), 'no file before finish');
  assert.equal(await sink.finish(), 4);
  assert.deepEqual(new Uint8Array(readFileSync(out)), encodeGif(frames(4), 10));
  assert.deepEqual(readdirSync(dir), ['a.gif'], 'no temporary file left');
});

it('an aborted GIF or WebP leaves no file; WebP holds every frame; a bad frame rate is refused at once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganimate-sink-'));
  for (const name of ['b.gif', 'b.webp']) {
    const sink = openFrameSink(join(dir, name), { fps: 10, frames: 3 });
    for (const f of frames(2)) await sink.write(f);
    sink.abort();
  }
  assert.deepEqual(readdirSync(dir), []);
  await writeAnimation(join(dir, 'c.webp'), frames(3), 10);
  assert.equal((await sharp(join(dir, 'c.webp'), { animated: true }).metadata()).pages, 3);
  assert.throws(() => openFrameSink(join(dir, 'd.gif'), { fps: 0, frames: 3 }), /--fps must be between 0 and 60/);
});

it('PNG frames are written while the next ones come, all of them there and exact when finish resolves', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'ganimate-sink-')), 'frames');
  const sink = openFrameSink(`${dir}/`, { fps: 10, frames: 12 });
  for (const f of frames(12)) await sink.write(f);
  assert.equal(await sink.finish(), 12);
  const names = readdirSync(dir).sort();
  assert.equal(names.length, 12);
  const expected = frames(12);
  for (let k = 0; k < 12; k++) {
    const data = await sharp(join(dir, names[k]!)).raw().toBuffer();
    assert.deepEqual(new Uint8Array(data), expected[k]!.data, names[k]);
  }
});
