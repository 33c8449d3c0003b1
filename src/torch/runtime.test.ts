import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { it } from 'node:test';
import { cpuHasFastBfloat16 } from './cpu-bfloat16.js';
import {
  autocast,
  conv2d,
  getNumThreads,
  matmul,
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
  defaultThreads,
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

it('useThreads(0) takes OMP_NUM_THREADS when set, else every core the process may use, whatever the engine started with', () => {
  assert.deepEqual(
    [defaultThreads({ OMP_NUM_THREADS: '3' }), defaultThreads({}), defaultThreads({ OMP_NUM_THREADS: 'many' })],
    [3, availableParallelism(), availableParallelism()],
  );
  const n = getNumThreads();
  setNumThreads(1);
  useThreads(0);
  assert.equal(getNumThreads(), defaultThreads());
  useThreads(1);
  assert.equal(getNumThreads(), 1);
  setNumThreads(n);
});

it('bad shapes and devices are errors, not crashes', () => {
  assert.throws(() => tensor([1, 2, 3], [2, 2]), /cannot fill shape/);
  assert.throws(() => scope(() => toDevice(tensor([1]), 'nonsense')), /libtorch:/);
});

it("autocast 'bfloat16': matrix products and convolutions round as bfloat16 inside, float32 again after, even after a throw", () =>
  scope(() => {
    manualSeed(5);
    const [a, b] = [randn([64, 256]), randn([256, 64])];
    const [x, w] = [randn([2, 8, 16, 16]), randn([8, 8, 3, 3])];
    const exact = { mm: matmul(a, b).data(), conv: conv2d(x, w, null, { padding: 1 }).data() };
    const mixed = autocast('bfloat16', 'cpu', () => ({
      mm: matmul(a, b).data(),
      conv: conv2d(x, w, null, { padding: 1 }).data(),
    }));
    // bfloat16 keeps 8 bits of mantissa: each product's inputs round by up to 2^-9, so the sums move by about 1e-3
    // of their scale; float32 would move them by about 1e-7. A CPU without AMX or AVX-512 BF16 runs an emulated kernel
    // whose products are coarser: 0.028 on an AMD EPYC, as PyTorch's own autocast gives there (inputs and output
    // rounded to bfloat16 alone would give 0.003)
    const most = cpuHasFastBfloat16() === false ? 5e-2 : 2e-2;
    const relative = (p: Float32Array, q: Float32Array) =>
      p.reduce((m, v, i) => Math.max(m, Math.abs(v - q[i]!)), 0) / q.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    for (const k of ['mm', 'conv'] as const) {
      const r = relative(mixed[k], exact[k]);
      assert.ok(r > 1e-4 && r < most, `${k}: bfloat16 rounding, relative ${r}`);
    }
    assert.deepEqual(
      autocast('float32', 'cpu', () => matmul(a, b).data()),
      exact.mm,
      "'float32' changes nothing",
    );
    assert.throws(
      () =>
        autocast('bfloat16', 'cpu', () => {
          throw new Error('inside');
        }),
      /inside/,
    );
    assert.deepEqual(matmul(a, b).data(), exact.mm, 'float32 after the region, thrown out of or not');
    assert.deepEqual(conv2d(x, w, null, { padding: 1 }).data(), exact.conv);
  }));
