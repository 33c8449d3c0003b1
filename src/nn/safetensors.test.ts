import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { BadFileError } from '../errors.js';
import { parseSafetensors, readSafetensors, serializeSafetensors, writeSafetensors } from './safetensors.js';

it('round-trips tensors and metadata, with no temp file left behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'st-'));
  const path = join(dir, 'w.safetensors');
  const t = new Map([
    ['b.weight', { shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) }],
    ['a', { shape: [3], data: Float32Array.from([-1, 0.5, 1e-8]) }],
  ]);
  writeSafetensors(path, t, { step: '3' });
  const back = readSafetensors(path);
  assert.deepEqual(back.metadata, { step: '3' });
  assert.deepEqual([...back.tensors.keys()], ['a', 'b.weight']);
  assert.deepEqual([...back.tensors.get('b.weight')!.data], [1, 2, 3, 4]);
  assert.deepEqual(back.tensors.get('a')!.shape, [3]);
  assert.deepEqual(readdirSync(dir), ['w.safetensors']);
});

it('header is 8-byte aligned (as PyTorch writes it)', () => {
  const buf = serializeSafetensors(new Map([['x', { shape: [1], data: Float32Array.from([1]) }]]));
  assert.equal(Number(buf.readBigUInt64LE(0)) % 8, 0);
});

it('bad files get a BadFileError naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'st-'));
  const path = join(dir, 'junk.safetensors');
  writeFileSync(path, Buffer.from('not a weights file at all'));
  assert.throws(
    () => readSafetensors(path),
    (e: Error) => e instanceof BadFileError && e.message.includes('junk.safetensors'),
  );
  assert.throws(() => readSafetensors(join(dir, 'missing.safetensors')), /cannot read .*ENOENT/);
  const truncated = serializeSafetensors(new Map([['x', { shape: [4], data: new Float32Array(4) }]])).subarray(0, -4);
  assert.throws(() => parseSafetensors(truncated), /offsets do not match/);
});
