import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { it } from 'node:test';
import {
  getNumThreads,
  getRngState,
  manualSeed,
  rand,
  randn,
  scope,
  setNumThreads,
  setRngState,
  tensor,
  toDevice,
  useThreads,
} from './index.js';

it('manualSeed makes rand and randn repeat', () =>
  scope(() => {
    manualSeed(7);
    const a = [...rand([5]).data(), ...randn([5]).data()];
    manualSeed(7);
    const b = [...rand([5]).data(), ...randn([5]).data()];
    assert.deepEqual(a, b);
  }));

it('a saved RNG state replays the same draws (exact resume)', () =>
  scope(() => {
    manualSeed(1);
    rand([3]);
    const state = getRngState();
    const next = [...randn([4]).data()];
    rand([10]);
    setRngState(state);
    assert.deepEqual([...randn([4]).data()], next);
  }));

it("a device's generator is named by its device: 'cpu' is the default one; a device this build lacks is an error", () =>
  scope(() => {
    manualSeed(3);
    assert.deepEqual(getRngState('cpu'), getRngState());
    const state = getRngState('cpu');
    const next = [...rand([4]).data()];
    setRngState(state, 'cpu');
    assert.deepEqual([...rand([4]).data()], next);
    assert.throws(() => getRngState('nowhere'), /libtorch/);
  }));

it('thread count is settable', () => {
  const n = getNumThreads();
  setNumThreads(1);
  assert.equal(getNumThreads(), 1);
  setNumThreads(n);
});

it('useThreads(0) takes every core the process may use, whatever the engine started with', () => {
  const n = getNumThreads();
  setNumThreads(1);
  useThreads(0);
  assert.equal(getNumThreads(), availableParallelism());
  useThreads(1);
  assert.equal(getNumThreads(), 1);
  setNumThreads(n);
});

it('bad shapes and devices are errors, not crashes', () => {
  assert.throws(() => tensor([1, 2, 3], [2, 2]), /cannot fill shape/);
  assert.throws(() => scope(() => toDevice(tensor([1]), 'nonsense')), /libtorch:/);
});
