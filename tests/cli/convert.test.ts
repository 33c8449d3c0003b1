// `ganimate convert` on checkpoints written by Debian's PyTorch the way the published code saves
// them: weights equal to PyTorch's, and the ONNX it writes matches PyTorch's forward.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { readSafetensors } from '../../src/nn/safetensors.js';
import { OnnxModel } from '../../src/runtime/onnx-model.js';
import { pytorchMissing, runPython } from '../support/python.js';
import { referenceDir, relError } from '../support/reference.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ganimate-convert-'));
const missing = pytorchMissing();
const ganimate = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin', 'ganimate.js'), ...args], { encoding: 'utf8' });

describe(
  'ganimate convert (checkpoints from PyTorch)',
  { skip: missing ? `SKIPPED LOUDLY: ${missing}` : false },
  () => {
    before(() => runPython([join(root, 'tests', 'cli', 'make_checkpoints.py'), referenceDir, dir]));
    const expected = () => readSafetensors(join(dir, 'expected.safetensors')).tensors;
    const host = (k: string) => ({ data: expected().get(k)!.data, dims: expected().get(k)!.shape });

    for (const name of ['G_zip', 'G_legacy', 'G_wrapped']) {
      it(`${name}.pth: weights as PyTorch has them, ONNX output within 1e-4 of PyTorch's forward`, async () => {
        const r = ganimate('convert', join(dir, `${name}.pth`), '-o', join(dir, 'out'), '--json');
        assert.equal(r.status, 0, r.stderr);
        const info = JSON.parse(r.stdout);
        assert.equal(info.kind, 'generator');
        assert.deepEqual([info.config.gConvDim, info.config.gRepeatNum, info.config.cDim], [8, 2, 17]);
        const weights = readSafetensors(join(dir, 'out', `${name}.safetensors`)).tensors;
        for (const [k, v] of expected())
          if (k.startsWith('G.')) assert.ok(relError(weights.get(k.slice(2))!.data, v.data) < 1e-6, k);
        const model = await OnnxModel.load(join(dir, 'out', `${name}.onnx`));
        const out = await model.run({ image: host('image'), aus: host('aus') });
        for (const k of ['color', 'attention', 'composed'])
          assert.ok(relError(out[k]!.data, expected().get(k)!.data) <= 1e-4, k);
        await model.dispose();
      });
    }

    it('a critic checkpoint becomes an AU estimator (image size read off its weights)', async () => {
      const r = ganimate('convert', join(dir, 'D_legacy.pth'), '-o', join(dir, 'out'), '--json');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).config.imageSize, 128);
      const model = await OnnxModel.load(join(dir, 'out', 'D_legacy.onnx'));
      const out = await model.run({ image: host('image') });
      assert.ok(relError(out.aus!.data, expected().get('critic_aus')!.data) <= 1e-4);
      await model.dispose();
    });

    it('refuses pickles that would run code, and files that are not checkpoints', () => {
      const evil = ganimate('convert', join(dir, 'evil.pth'), '-o', join(dir, 'out'));
      assert.equal(evil.status, 2);
      assert.match(evil.stderr, /refusing to load (posix|os)\.system/);
      assert.ok(!existsSync(join(dir, 'pwned')), 'the pickle ran code');
      writeFileSync(join(dir, 'junk.pth'), 'junk');
      assert.match(
        ganimate('convert', join(dir, 'junk.pth')).stderr,
        /neither a PyTorch zip checkpoint nor a legacy pickle one/,
      );
    });
  },
);
