// The flow generator's low-passes: rowBlur spreads a vertical stroke along its row and keeps a horizontal line.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scope, tensor } from '../../../torch/index.js';
import { blurRows } from './gaussian-blur.js';

it('blurRows spreads a vertical stroke along the rows and leaves a horizontal line where it was', () =>
  scope(() => {
    const [h, w] = [9, 21];
    const stroke = new Float32Array(h * w);
    const line = new Float32Array(h * w);
    for (let y = 0; y < h; y++) stroke[y * w + 10] = 1;
    for (let x = 0; x < w; x++) line[4 * w + x] = 1;
    const out = blurRows(tensor(Float32Array.from([...stroke, ...line]), [1, 2, h, w]), 2).data();
    const s = out.subarray(0, h * w);
    const l = out.subarray(h * w);
    for (let y = 0; y < h; y++) {
      const row = Array.from(s.subarray(y * w, (y + 1) * w));
      // the stroke's weight stays in its row (a normalised Gaussian, cut at 2σ: 4 pixels each side)
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5, `row ${y} keeps the stroke's weight`);
      assert.ok(row[10]! < 0.25 && row[10]! > 0.15, `the stroke's peak spreads: ${row[10]}`);
      assert.ok(row[8]! > 0.1 && row[12]! > 0.1 && row[5] === 0 && row[15] === 0, 'to its neighbours, no further');
    }
    // away from the ends (zero padding), the line is itself; no other row receives anything
    for (let x = 4; x < w - 4; x++) assert.ok(Math.abs(l[4 * w + x]! - 1) < 1e-5, `line at ${x}: ${l[4 * w + x]}`);
    for (let y = 0; y < h; y++) if (y !== 4) for (let x = 0; x < w; x++) assert.equal(l[y * w + x], 0);
  }));
