// The 2015 Inception network against torchvision's Inception3 with pytorch-fid's FID blocks (random
// weights and batch-norm statistics written by tests/metrics/inception_reference.py).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { readTorchCheckpoint } from '../nn/pytorch/checkpoint.js';
import { engineAvailable, scope, tensor } from '../torch/index.js';
import { PYTHON, pytorchMissing } from '../../tests/support/python.js';
import { Inception2015 } from './inception2015.js';

const script = resolve(import.meta.dirname, '..', '..', '..', 'tests', 'metrics', 'inception_reference.py');
const torchvisionMissing = (): string | null => {
  const why = pytorchMissing();
  if (why) return why;
  return spawnSync(PYTHON, ['-c', 'import torchvision'], { encoding: 'utf8' }).status === 0
    ? null
    : `${PYTHON} lacks torchvision: apt-get install -y python3-torchvision`;
};
const skip = !engineAvailable() ? 'the libtorch engine is not built (npm run build:native)' : torchvisionMissing();
if (skip) console.warn(`SKIPPED Inception 2015 parity: ${skip}`);

function relErr(a: Float32Array, b: Float32Array): number {
  let [num, den] = [0, 0];
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return num / den;
}

describe('parity: Inception 2015 (pytorch-fid) against torchvision + FID blocks', { skip: skip ?? false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganimate-inception-'));
  const made = skip ? undefined : spawnSync(PYTHON, [script, dir], { encoding: 'utf8' });

  it('the reference script ran', () => assert.equal(made!.status, 0, made!.stderr));

  it('state-dict names, order and shapes equal torchvision Inception3 (1008 classes, no aux head)', () => {
    const theirs = readTorchCheckpoint(join(dir, 'inception.pth')).tensors;
    const net = new Inception2015();
    const mine = net.namedState();
    assert.deepEqual(
      mine.map(([n]) => n),
      [...theirs.keys()],
    );
    for (const [n, t] of mine) assert.deepEqual(t.shape, theirs.get(n)!.shape, n);
    assert.equal(net.numParameters(), 23_850_960);
    net.dispose();
  });

  it('pool3 features and unbiased logits match (float32, relative error ≤ 1e-4), from both checkpoint vintages', () => {
    const ref = readTorchCheckpoint(join(dir, 'case.pth')).tensors;
    const x = ref.get('input')!;
    for (const file of ['inception.pth', 'inception-old.pth']) {
      const net = Inception2015.fromCheckpoint(join(dir, file));
      scope(() => {
        const { pool3, logits } = net.forward(tensor(x.data, x.shape));
        assert.deepEqual(pool3.shape, [2, 2048]);
        assert.deepEqual(logits.shape, [2, 1008]);
        const [e1, e2] = [relErr(pool3.data(), ref.get('pool3')!.data), relErr(logits.data(), ref.get('logits')!.data)];
        assert.ok(e1 <= 1e-4, `pool3 relative error ${e1}`);
        assert.ok(e2 <= 1e-4, `logits relative error ${e2}`);
      });
      net.dispose();
    }
  });

  it('ganimate eval --extractor inception2015: KID and IS keys name the extractor; IS without it says what to pass', () => {
    const root = resolve(import.meta.dirname, '..', '..', '..');
    const faces = join(root, '..', 'shared', 'datasets', 'faces128', 'imgs');
    const [real, fake] = [join(dir, 'real'), join(dir, 'fake')];
    const files = readdirSync(faces).sort().slice(0, 12);
    for (const [k, f] of files.entries()) {
      mkdirSync(k < 6 ? real : fake, { recursive: true });
      copyFileSync(join(faces, f), join(k < 6 ? real : fake, f));
    }
    const run = (...a: string[]) =>
      spawnSync(
        process.execPath,
        [join(root, 'bin', 'ganimate.js'), 'eval', '--real', real, '--fake', fake, '--no-cache', ...a],
        { encoding: 'utf8' },
      );
    const r = run(
      '--json',
      '--metrics',
      'kid,is',
      '--extractor',
      'inception2015',
      '--inception',
      join(dir, 'inception.pth'),
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, number>;
    for (const k of ['kid[inception2015]', 'is[inception2015]', 'is_std[inception2015]', 'mis[inception2015]'])
      assert.ok(Number.isFinite(out[k]), `${k} = ${out[k]}`);
    assert.ok(out['is[inception2015]']! >= 1, 'IS is at least 1');
    const noClassifier = run('--metrics', 'is');
    assert.notEqual(noClassifier.status, 0);
    assert.match(noClassifier.stderr, /--extractor inception2015 --inception/);
    const noWeights = run('--metrics', 'fid', '--extractor', 'inception2015');
    assert.match(noWeights.stderr, /needs --inception/);
  });

  it('a file that is not the Inception state dict is refused with what to use', () => {
    assert.throws(() => Inception2015.fromCheckpoint(join(dir, 'case.pth')), /pt_inception-2015-12-05/);
  });
});
