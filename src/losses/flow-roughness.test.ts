import assert from 'node:assert/strict';
import { it } from 'node:test';
import { full, scope, tensor } from '../torch/index.js';
import { flowRoughness } from './flow-roughness.js';

it('flow roughness: 0 for a uniform shift; a horizontal ramp of one pixel per column reads 1/2 (x and y averaged apart, dy = 0)', () =>
  scope(() => {
    assert.equal(flowRoughness(full([1, 2, 5, 5], 0.3)).item(), 0);
    // normalised units: one pixel is 2 / (S − 1)
    const ramp = Float32Array.from({ length: 2 * 25 }, (_, i) => (i < 25 ? ((i % 5) * 2) / 4 : 0));
    assert.ok(Math.abs(flowRoughness(tensor(ramp, [1, 2, 5, 5])).item() - 0.5) < 1e-6);
  }));
