import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { readImage } from '../image/image-io.js';
import { EXPRESSIONS, ExpressionMeter, ExpressionReader, type Expression } from './expression.js';

const faces = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'faces128');

it('the expression judge reads smiles (OpenFace AU12 ≥ 3) as happy and faces without one mostly not (faces128 test faces)', async () => {
  const rows = readFileSync(resolve(faces, 'aus.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const test = new Set(readFileSync(resolve(faces, 'test_ids.csv'), 'utf8').trim().split('\n'));
  const au12 = (r: string[]) => Number(r[9]); // id, AU01 … AU10, then AU12
  const inTest = rows.filter((r) => test.has(r[0]!));
  const judge = await ExpressionReader.load();
  const happy = async (set: string[][]) => {
    let top = 0;
    for (const r of set) {
      const p = await judge.read(await readImage(resolve(faces, 'imgs', `${r[0]}.jpg`)));
      assert.ok(Math.abs(EXPRESSIONS.reduce((s, e) => s + p[e], 0) - 1) < 1e-4, 'probabilities sum to 1');
      top += EXPRESSIONS.every((e) => p[e] <= p.happy) ? 1 : 0;
    }
    return top / set.length;
  };
  const smiles = await happy(inTest.filter((r) => au12(r) >= 3).slice(0, 20));
  const plain = await happy(inTest.filter((r) => au12(r) < 0.3).slice(0, 20));
  assert.ok(smiles >= 0.9, `smiles read as happy: ${smiles}`);
  assert.ok(plain <= 0.3, `faces without a smile read as happy: ${plain}`);
});

it('expression meter: the share read as asked and the mean probability, averaged over the presets', () => {
  const read = (top: Expression, p: number): Record<Expression, number> => {
    const r = Object.fromEntries(EXPRESSIONS.map((e) => [e, (1 - p) / 6])) as Record<Expression, number>;
    r[top] = p;
    return r;
  };
  const m = new ExpressionMeter();
  m.add('happy', read('happy', 0.9));
  m.add('happy', read('neutral', 0.8));
  m.add('sad', read('sad', 0.6));
  const s = m.summary();
  assert.deepEqual(s.perPreset, { happy: 0.5, sad: 1 });
  assert.ok(Math.abs(s.readAsAsked - 0.75) < 1e-12);
  // happy: (0.9 + 0.2/6) / 2; sad: 0.6
  assert.ok(Math.abs(s.probability - ((0.9 + 0.2 / 6) / 2 + 0.6) / 2) < 1e-12);
});
