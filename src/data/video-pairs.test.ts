import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, it } from 'node:test';
import { BadFileError, InvalidOptionError } from '../errors.js';
import { seededRandom } from '../random/seeded-random.js';
import { PAIR_FRAME_SIZE, writeVideoFrames } from '../infer/video-frames.js';
import { VideoPairs } from './video-pairs.js';

const driving = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'driving');
const dir = mkdtempSync(join(tmpdir(), 'ganimate-pairs-'));
const prefix = join(dir, 'frames');
let frames = 0;

before(async () => {
  // the two shortest real clips, two people: d0 (78 frames) and d20 (175)
  frames = await writeVideoFrames([join(driving, 'd0.mp4'), join(driving, 'd20.mp4')], prefix, false);
});

it('the frames of real clips come aligned, with AUs in range and rigid points on the template', () => {
  const meta = JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));
  // the face is followed in nearly every frame of both clips
  assert.ok(frames >= 240 && frames <= 253, `${frames} frames`);
  assert.deepEqual(meta.clips, ['d0.mp4', 'd20.mp4']);
  assert.equal(readFileSync(`${prefix}.u8`).length, frames * PAIR_FRAME_SIZE ** 2 * 3);
  for (const aus of meta.aus) for (const v of aus) assert.ok(v >= 0 && v <= 5, `AU ${v}`);
  // the rigid points lie where alignment put them: within a few pixels of each other from frame to frame
  const nose = meta.rigid.map((r: number[]) => r[2 * 11]!);
  assert.ok(Math.max(...nose) - Math.min(...nose) < 6, `nose x spread ${Math.max(...nose) - Math.min(...nose)}`);
  // expressions change within a clip: some AU moves by more than 1 between its frames
  const aus0 = meta.aus.filter((_: unknown, i: number) => meta.clip[i] === 0) as number[][];
  const range = (k: number) => Math.max(...aus0.map((a) => a[k]!)) - Math.min(...aus0.map((a) => a[k]!));
  assert.ok(
    Array.from({ length: 17 }, (_, k) => range(k)).some((r) => r > 1),
    'no AU changes in d0',
  );
});

it('pairs stay within a clip and within the pose limit, and a wider limit pairs more', () => {
  const tight = VideoPairs.load(prefix, 128, 0.5);
  const loose = VideoPairs.load(prefix, 128, 3);
  const meta = JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));
  let [t, l] = [0, 0];
  tight.partners.forEach((p, i) => {
    t += p.length;
    for (const j of p) {
      assert.equal(tight.clipOf(j), tight.clipOf(i));
      assert.notEqual(j, i);
      const d = Math.sqrt(
        meta.rigid[i].reduce((s: number, v: number, k: number) => s + (v - meta.rigid[j][k]) ** 2, 0) /
          (meta.rigid[i].length / 2),
      );
      assert.ok(d <= 0.5, `pose distance ${d}`);
    }
  });
  loose.partners.forEach((p, i) => {
    l += p.length;
    for (const j of p) assert.equal(loose.clipOf(j), loose.clipOf(i), `frames ${i} and ${j} of two clips paired`);
  });
  assert.ok(l > t, `${l} pairs at 3 px, ${t} at 0.5`);
});

it('a drawn pair is two frames of the file, mirrored together, and the half size is their 2 × 2 means', () => {
  const full = VideoPairs.load(prefix, 128);
  const half = VideoPairs.load(prefix, 64);
  const bytes = readFileSync(`${prefix}.u8`);
  const S = 128;
  const b = full.draw(6, seededRandom(3));
  const h = half.draw(6, seededRandom(3));
  assert.equal(b.from.length, 6 * 3 * S * S);
  assert.equal(h.from.length, 6 * 3 * 64 * 64);
  const meta = JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));
  // which stored frame each drawn image is, as it is or mirrored
  const find = (img: Float32Array, k: number): { frame: number; flipped: boolean } => {
    const at = (i: number, x: number, y: number, c: number) => bytes[i * S * S * 3 + (y * S + x) * 3 + c]! / 127.5 - 1;
    for (let i = 0; i < frames; i++)
      for (const flipped of [false, true]) {
        let same = true;
        for (let y = 0; y < S && same; y += 7)
          for (let x = 0; x < S && same; x += 5)
            for (let c = 0; c < 3 && same; c++)
              same = img[k * 3 * S * S + c * S * S + y * S + x] === Math.fround(at(i, flipped ? S - 1 - x : x, y, c));
        if (same) return { frame: i, flipped };
      }
    throw new Error(`image ${k} is no stored frame`);
  };
  let mirrored = 0;
  for (let k = 0; k < 6; k++) {
    const a = find(b.from, k);
    const z = find(b.to, k);
    assert.equal(a.flipped, z.flipped);
    mirrored += Number(a.flipped);
    assert.equal(meta.clip[a.frame], meta.clip[z.frame]);
    assert.ok(full.partners[a.frame]!.includes(z.frame));
    assert.deepEqual(
      Array.from(b.toCond.subarray(k * 17, k * 17 + 17)),
      meta.aus[z.frame].map((v: number) => Math.fround(v / 5)),
    );
    // the same draw at half size: each pixel the mean of its 2 × 2 cell
    for (const [x, y, c] of [
      [10, 20, 0],
      [40, 33, 2],
    ] as const) {
      const cell = [0, 1, 2, 3].map(
        (q) => b.from[k * 3 * S * S + c * S * S + (2 * y + (q >> 1)) * S + 2 * x + (q & 1)]!,
      );
      assert.ok(
        Math.abs(h.from[k * 3 * 64 * 64 + c * 64 * 64 + y * 64 + x]! - cell.reduce((s, v) => s + v) / 4) < 1e-5,
      );
    }
  }
  assert.ok(mirrored > 0 && mirrored < 6, `${mirrored} of 6 mirrored`);
});

it('a frame by its index is the stored frame, unflipped; an index outside them is an error', () => {
  const full = VideoPairs.load(prefix, 128);
  const bytes = readFileSync(`${prefix}.u8`);
  const S = 128;
  assert.equal(full.frames, frames);
  for (const i of [0, 77, frames - 1]) {
    const f = full.frame(i);
    for (const [x, y, c] of [
      [3, 9, 0],
      [100, 64, 1],
      [127, 127, 2],
    ] as const)
      assert.equal(f[c * S * S + y * S + x], Math.fround(bytes[i * S * S * 3 + (y * S + x) * 3 + c]! / 127.5 - 1));
  }
  assert.throws(() => full.frame(frames), InvalidOptionError);
  assert.throws(() => full.frame(-1), InvalidOptionError);
});

it('files that do not match, a missing file and a size it cannot give are errors that say what to do', () => {
  assert.throws(() => VideoPairs.load(join(dir, 'nothing'), 128), BadFileError);
  assert.throws(() => VideoPairs.load(prefix, 32), InvalidOptionError);
  const cut = join(dir, 'cut');
  writeFileSync(`${cut}.u8`, readFileSync(`${prefix}.u8`).subarray(0, 1000));
  writeFileSync(`${cut}.json`, readFileSync(`${prefix}.json`));
  assert.throws(() => VideoPairs.load(cut, 128), /make them again with node dist\/tools\/video-pairs\.js/);
});
