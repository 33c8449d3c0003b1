import assert from 'node:assert/strict';
import { it } from 'node:test';
import { full, scope, tensor } from '../torch/index.js';
import { FOLD_MARGIN, flowFolding, flowJacobianDet } from './flow-folds.js';

/** A flow [1, 2, S, S] whose x offset is k·(pixel x) (in pixels), y offset 0. */
function xRamp(s: number, k: number) {
  const data = new Float32Array(2 * s * s);
  for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) data[y * s + x] = (k * x * 2) / (s - 1);
  return tensor(data, [1, 2, s, s]);
}

it('flow folds: a shift keeps the determinant 1 and costs nothing; a mirror (x → −x) folds everywhere', () =>
  scope(() => {
    const det = flowJacobianDet(full([1, 2, 6, 6], 0.3));
    assert.deepEqual(det.shape, [1, 1, 5, 5]);
    for (const v of det.data()) assert.ok(Math.abs(v - 1) < 1e-5);
    assert.equal(flowFolding(full([1, 2, 6, 6], 0.3)).item(), 0);
    // p + u(p) = p − 2p = −p: determinant 1 − 2 = −1
    for (const v of flowJacobianDet(xRamp(6, -2)).data()) assert.ok(Math.abs(v + 1) < 1e-5);
    assert.ok(Math.abs(flowFolding(xRamp(6, -2)).item() - (FOLD_MARGIN + 1)) < 1e-5);
    // a threefold stretch (det 1/3) is allowed
    assert.ok(flowFolding(xRamp(6, -2 / 3)).item() < 1e-6);
  }));
