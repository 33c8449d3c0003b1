// Hand-checkable values for the ops the parity suites do not reach (GeoGAN's and the metrics').
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  avgPool2d,
  bceWithLogits,
  cat,
  clamp,
  flip,
  interpolate,
  l1Loss,
  mean,
  mseLoss,
  pad,
  repeat,
  scope,
  sum,
  tensor,
} from '../index.js';

const grid = () => tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 1, 4, 4]);
const vals = (t: { data(): Float32Array }) => [...t.data()];

it('average pooling 2×2', () => scope(() => assert.deepEqual(vals(avgPool2d(grid(), 2)), [3.5, 5.5, 11.5, 13.5])));

it('bilinear and nearest interpolation', () =>
  scope(() => {
    const x = tensor([0, 1, 2, 3], [1, 1, 2, 2]);
    assert.deepEqual(vals(interpolate(x, [3, 3], 'bilinear', true)), [0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3]);
    assert.deepEqual(vals(interpolate(x, [1, 1], 'nearest')), [0]);
  }));

it('flip, reflect padding, tiling, concatenation', () =>
  scope(() => {
    const row = tensor([1, 2, 3], [1, 1, 1, 3]);
    assert.deepEqual(vals(flip(row, [3])), [3, 2, 1]);
    assert.deepEqual(vals(pad(row, [2, 2, 0, 0], 'reflect')), [3, 2, 1, 2, 3, 2, 1]);
    assert.deepEqual(vals(pad(row, [1, 0, 0, 0], 'constant', 9)), [9, 1, 2, 3]);
    assert.deepEqual(repeat(row, [2, 1, 1, 1]).shape, [2, 1, 1, 3]);
    assert.deepEqual(cat([row, row], 3).shape, [1, 1, 1, 6]);
  }));

it('clamp, reductions and losses', () =>
  scope(() => {
    const a = tensor([-2, 0.5, 3]);
    const b = tensor([0, 0, 0]);
    assert.deepEqual(vals(clamp(a, -1, 1)), [-1, 0.5, 1]);
    assert.deepEqual(vals(clamp(a, null, 0)), [-2, 0, 0]);
    assert.equal(sum(a).item(), 1.5);
    assert.equal(mean(grid(), [2, 3]).item(), 8.5);
    assert.equal(mseLoss(a, b).item(), Math.fround((4 + 0.25 + 9) / 3));
    assert.equal(l1Loss(a, b, 'sum').item(), 5.5);
    const p = bceWithLogits(tensor([0]), tensor([1])).item();
    assert.ok(Math.abs(p - Math.log(2)) < 1e-6);
  }));

it('unknown modes are errors that list the valid ones', () =>
  scope(() => {
    assert.throws(() => pad(grid(), [1, 1, 1, 1], 'wrap' as never), /constant, reflect or replicate/);
    assert.throws(() => interpolate(grid(), [2, 2], 'area' as never), /bilinear, nearest or bicubic/);
  }));
