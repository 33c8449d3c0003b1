import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scope, tensor } from '../torch/index.js';
import { invertMotion } from './invert-motion.js';
import { warp } from './warp.js';

const S = 33;
/** Normalised units per pixel (align-corners). */
const UNIT = 2 / (S - 1);

/** The field of a forward motion that moves each row y down by m(y) pixels: [1, 2, S, S], −m at the start. */
function rowMotion(m: (y: number) => number) {
  const data = new Float32Array(2 * S * S);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) data[S * S + y * S + x] = -m(y) * UNIT;
  return tensor(data, [1, 2, S, S]);
}

/** An image [1, 1, S, S] that is 1 on row r and 0 elsewhere, and the rows' weighted centre of a warped one. */
const line = (r: number) =>
  tensor(
    Float32Array.from({ length: S * S }, (_, i) => (Math.floor(i / S) === r ? 1 : 0)),
    [1, 1, S, S],
  );
function rowCentre(img: Float32Array): number {
  let [w, c] = [0, 0];
  for (let i = 0; i < img.length; i++) [w, c] = [w + img[i]!, c + img[i]! * Math.floor(i / S)];
  return c / w;
}

it('invertMotion: a row moved 8 px beside rows held still lands 8 px away; the field read at the output does not', () =>
  scope(() => {
    // rows above 16 move up, 0.5 px more per row (up to 8 px): the row at 12 (up 2 px) must land at 10, the row at 8
    // (up 4 px) at 4
    const m = (y: number) => -Math.min(8, Math.max(0, (16 - y) * 0.5));
    const field = rowMotion(m);
    for (const [start, end] of [
      [12, 10],
      [8, 4],
    ] as const) {
      const moved = rowCentre(warp(line(start), invertMotion(field, 6), 'zeros').data());
      assert.ok(Math.abs(moved - end) < 0.15, `row ${start} lands at ${moved}, not ${end}`);
      // the field read where the output is moves it elsewhere (the error this fixes)
      const approx = rowCentre(warp(line(start), field, 'zeros').data());
      assert.ok(Math.abs(approx - end) > 0.5, `row ${start}: the uninverted field lands at ${approx}`);
    }
  }));

it('invertMotion: an even shift is its own inverse, and no steps return the field', () =>
  scope(() => {
    const field = rowMotion(() => 3);
    const flow = invertMotion(field, 3).data();
    // the border keeps the edge rows' field, which is the same everywhere
    for (const v of flow.subarray(S * S)) assert.ok(Math.abs(v + 3 * UNIT) < 1e-6);
    assert.equal(invertMotion(field, 0), field);
  }));
