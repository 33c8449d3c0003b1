// GeoGAN's loss terms on inputs whose values can be checked by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engineAvailable, full, scope, tensor, zeros } from '../../torch/index.js';
import { attributeLoss, flowSmoothness, landmarkLoss, lsgan, maskL1, reconstruction } from './geogan-loss.js';

const skip = engineAvailable() ? false : 'the libtorch engine is not built (npm run build:native)';
const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

describe('GeoGAN losses', { skip }, () => {
  it('LSGAN sums mean squared distance to the target over scales', () =>
    scope(() => {
      const outs = [
        { patch: full([2, 1, 4, 4], 0.5), attribute: zeros([2, 1]) },
        { patch: full([2, 1, 2, 2], -1), attribute: zeros([2, 1]) },
      ];
      close(lsgan(outs, 1).item(), 0.25 + 4, 'to 1');
      close(lsgan(outs, 0).item(), 0.25 + 1, 'to 0');
    }));

  it('attribute BCE on logits: 0 logits cost ln 2 per scale', () =>
    scope(() => {
      const outs = [0, 1].map(() => ({ patch: zeros([1, 1, 1, 1]), attribute: zeros([3, 1]) }));
      close(attributeLoss(outs, tensor([1, 0, 1], [3, 1])).item(), 2 * Math.LN2, 'BCE');
    }));

  it('flow smoothness: a still flow costs the 1e-3 floor; a ramp of δ per pixel costs (δ·size)²', () =>
    scope(() => {
      close(flowSmoothness(zeros([1, 2, 4, 4]), 64).item(), 1e-3, 'still');
      const d = 0.01;
      const ramp = tensor([...Array.from({ length: 16 }, (_, i) => d * (i % 4)), ...Array(16).fill(0)], [1, 2, 4, 4]);
      close(flowSmoothness(ramp, 64).item(), ((d * 64) ** 2 + 1e-3) / 2, 'ramp (channel 1 still)');
    }));

  it('mask L1 is the mean absolute value', () =>
    scope(() => close(maskL1(tensor([0.2, 0.4, 0, 1], [1, 1, 2, 2])).item(), 0.4, 'L1')));

  it('landmark loss: 256 · MSE between the flow at A’s landmarks and B − A', () =>
    scope(() => {
      const flow = tensor([...Array(16).fill(0.1), ...Array(16).fill(-0.2)], [1, 2, 4, 4]);
      const a = tensor([-0.5, 0.3, 0.2, -0.6, 0, 0], [1, 3, 2]);
      const towards = tensor([-0.4, 0.1, 0.3, -0.8, 0.1, -0.2], [1, 3, 2]);
      close(landmarkLoss(flow, a, towards).item(), 0, 'flow points at B');
      close(landmarkLoss(flow, a, a).item(), (256 * (0.01 + 0.04)) / 2, 'B = A');
    }));

  it('reconstruction is L1', () =>
    scope(() => close(reconstruction(tensor([1, -1], [2]), tensor([0.5, 0], [2])).item(), 0.75, 'L1')));
});
