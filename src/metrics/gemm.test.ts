import assert from 'node:assert/strict';
import { it } from 'node:test';
import { gemm } from './gemm.js';

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
