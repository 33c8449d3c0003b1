// tfjs weight manifests: dequantisation by hand-checkable numbers, and broken files as typed errors.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { BadFileError } from '../errors.js';
import { readTfjsWeights } from './recognition-weights.js';

function manifest(dir: string, weights: object[], shards: Uint8Array[]): string {
  shards.forEach((s, i) => writeFileSync(join(dir, `w${i}.bin`), s));
  writeFileSync(join(dir, 'm.json'), JSON.stringify([{ paths: shards.map((_, i) => `w${i}.bin`), weights }]));
  return join(dir, 'm.json');
}

it('uint8 weights are q × scale + min; float32 ones are read as they are, across shards', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-weights-'));
  const f = new Uint8Array(new Float32Array([1.5, -2]).buffer);
  const path = manifest(
    dir,
    [
      { name: 'q', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
      { name: 'f', shape: [1, 2], dtype: 'float32' },
    ],
    [Uint8Array.from([0, 2, 255, ...f.subarray(0, 3)]), f.subarray(3)],
  );
  const w = readTfjsWeights(path);
  assert.deepEqual([...w.get('q')!.data], [-1, 0, 126.5]);
  assert.deepEqual(w.get('f')!.shape, [1, 2]);
  assert.deepEqual([...w.get('f')!.data], [1.5, -2]);
});

it('missing, truncated or oversized files are BadFileErrors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-weights-'));
  assert.throws(() => readTfjsWeights(join(dir, 'none.json')), BadFileError);
  const spec = [{ name: 'q', shape: [4], dtype: 'float32', quantization: { dtype: 'uint8', scale: 1, min: 0 } }];
  assert.throws(() => readTfjsWeights(manifest(dir, spec, [new Uint8Array(3)])), /truncated/);
  assert.throws(() => readTfjsWeights(manifest(dir, spec, [new Uint8Array(5)])), /do not match/);
  assert.throws(
    () => readTfjsWeights(manifest(dir, [{ ...spec[0], quantization: { dtype: 'float16' } }], [new Uint8Array(8)])),
    BadFileError,
  );
});
