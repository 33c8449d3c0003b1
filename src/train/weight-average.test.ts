import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BatchNorm2d } from '../nn/layers.js';
import { fill_, noGrad } from '../torch/index.js';
import { WeightAverage } from './weight-average.js';

it('the weight average starts as a copy, then moves by (1 − decay) towards the weights; buffers are copied', () => {
  const [net, shadow] = [new BatchNorm2d(3), new BatchNorm2d(3)];
  const state = (m: BatchNorm2d) => Object.fromEntries(m.namedState().map(([n, t]) => [n, [...t.data()]]));
  noGrad(() => {
    for (const [, t] of net.namedState()) fill_(t, 2);
  });
  const avg = new WeightAverage(net, shadow, 0.75);
  assert.deepEqual(state(shadow), state(net));
  noGrad(() => {
    for (const [, t] of net.namedState()) fill_(t, 6);
  });
  avg.update();
  const s = state(shadow);
  assert.deepEqual(s.weight, [3, 3, 3], 'weights: 0.75 · 2 + 0.25 · 6');
  assert.deepEqual(s.bias, [3, 3, 3]);
  assert.deepEqual(s.running_mean, [6, 6, 6], 'buffers follow the weights at once');
  avg.update();
  assert.deepEqual(state(shadow).weight, [3.75, 3.75, 3.75]);
});
