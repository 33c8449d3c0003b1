import assert from 'node:assert/strict';
import { it } from 'node:test';
import { gemm, gemmAccumulate } from './gemm.js';

it('float64 products on ONNX Runtime: A·B, Aᵀ·B and A·Bᵀ against hand-computed ones, exact in double', async () => {
  const a = Float64Array.from([1, 2, 3, 4, 5, 6]); // 2 × 3
  const b = Float64Array.from([7, 8, 9, 10, 11, 12]); // 3 × 2
  assert.deepEqual(Array.from(await gemm('nn', a, [2, 3], b, [3, 2])), [58, 64, 139, 154]);
  // Aᵀ·A: 3 × 3
  assert.deepEqual(Array.from(await gemm('tn', a, [2, 3], a, [2, 3])), [17, 22, 27, 22, 29, 36, 27, 36, 45]);
  // A·Aᵀ: 2 × 2
  assert.deepEqual(Array.from(await gemm('nt', a, [2, 3], a, [2, 3])), [14, 32, 32, 77]);
  // double, not float: 1 + 2⁻⁴⁰ survives
  const tiny = 1 + 2 ** -40;
  assert.equal((await gemm('nn', Float64Array.from([tiny]), [1, 1], Float64Array.from([1]), [1, 1]))[0], tiny);
});

it('gemm refuses operands that do not fit their shapes or each other', async () => {
  await assert.rejects(() => gemm('nn', new Float64Array(5), [2, 3], new Float64Array(6), [3, 2]), /do not fill/);
  await assert.rejects(
    () => gemm('nn', new Float64Array(6), [2, 3], new Float64Array(6), [2, 3]),
    /inner dimensions 3 and 2/,
  );
});

it('C ± A·Bᵀ in one Gemm, in double, leaving C as it was', async () => {
  const a = Float64Array.from([1, 2, 3, 4, 5, 6]); // 2 × 3
  const b = Float64Array.from([1, 0, 1, 2, 1, 0, 0, 0, 1]); // 3 × 3
  const c = Float64Array.from([1, 1, 1, 1, 1, 1 + 2 ** -40]); // 2 × 3
  const shape = { rows: 2, cols: 3, inner: 3 };
  // A·Bᵀ = [[4, 4, 3], [10, 13, 6]]
  assert.deepEqual(Array.from(await gemmAccumulate(c, a, b, shape, 1)), [5, 5, 4, 11, 14, 7 + 2 ** -40]);
  assert.deepEqual(Array.from(await gemmAccumulate(c, a, b, shape, -1)), [-3, -3, -2, -9, -12, -5 + 2 ** -40]);
  assert.deepEqual(Array.from(c), [1, 1, 1, 1, 1, 1 + 2 ** -40]);
  await assert.rejects(() => gemmAccumulate(new Float64Array(5), a, b, shape, 1), /for 2 × 3 by 3/);
});
