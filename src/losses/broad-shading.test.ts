import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scope, tensor } from '../torch/index.js';
import { broadShading } from './broad-shading.js';

const field = (f: (y: number, x: number) => number) => {
  const v = new Float32Array(16 * 16);
  for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) v[y * 16 + x] = f(y, x);
  return tensor(v, [1, 1, 16, 16]);
};

it('a broad one-signed patch costs its mean, thin alternating creases almost nothing', () =>
  scope(() => {
    // one 8×8 cell of the four darkened by 0.4: mean |cell average| = 0.1
    assert.ok(Math.abs(broadShading(field((y, x) => (y < 8 && x < 8 ? -0.4 : 0))).item() - 0.1) < 1e-6);
    // dark and light lines alternating: every cell averages to 0
    assert.ok(broadShading(field((y) => (y % 2 ? -0.4 : 0.4))).item() < 1e-6);
  }));
