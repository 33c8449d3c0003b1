import assert from 'node:assert/strict';
import { it } from 'node:test';
import { psnr } from './psnr.js';

it('PSNR: 10·log10(255² / MSE); identical images are infinitely close; sizes must agree', () => {
  const a = { data: Uint8Array.of(0, 10, 20, 30) };
  assert.equal(psnr(a, a), Infinity);
  const b = { data: Uint8Array.of(1, 9, 21, 29) }; // MSE 1
  assert.ok(Math.abs(psnr(a, b) - 20 * Math.log10(255)) < 1e-12);
  assert.throws(() => psnr(a, { data: Uint8Array.of(1) }), /one size/);
});
