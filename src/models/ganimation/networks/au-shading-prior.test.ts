import assert from 'node:assert/strict';
import { it } from 'node:test';
import { auIndex } from '../../../au/index.js';
import { TEMPLATE_68 } from '../../../face/template.js';
import { auShadingPrior } from './au-shading-prior.js';

it('the shading prior, measured on faces128: a blink lightens the eye, tightened lids darken it, a smile creases, an opened jaw darkens the mouth, parted lips show teeth; nothing beyond the face', () => {
  const s = 128;
  const prior = auShadingPrior(s);
  assert.equal(prior.length, 17 * s * s);
  const at = (au: number, [x, y]: readonly [number, number]) =>
    prior[auIndex(au) * s * s + Math.round(y) * s + Math.round(x)]!;
  const centre = (ids: number[]): [number, number] => [
    ids.reduce((a, i) => a + TEMPLATE_68[i]![0], 0) / ids.length,
    ids.reduce((a, i) => a + TEMPLATE_68[i]![1], 0) / ids.length,
  ];
  const eyes = (au: number) =>
    (at(au, centre([36, 37, 38, 39, 40, 41])) + at(au, centre([42, 43, 44, 45, 46, 47]))) / 2;
  const mouth = centre([61, 62, 63, 65, 66, 67]);
  const fold: [number, number] = [TEMPLATE_68[48]![0] - 4, TEMPLATE_68[48]![1] - 8];
  assert.ok(eyes(45) > 0.2, `AU45: the lid covers the dark iris (${eyes(45)})`);
  assert.ok(eyes(7) < -0.05, `AU07: narrowed eyes are darker (${eyes(7)})`);
  assert.ok(at(12, fold) < -0.1, `AU12: the nasolabial fold darkens (${at(12, fold)})`);
  assert.ok(at(26, mouth) < -0.1, `AU26: the opened jaw's gap is dark (${at(26, mouth)})`);
  assert.ok(at(25, mouth) > 0.1, `AU25: parted lips show teeth (${at(25, mouth)})`);
  let mirror = 0;
  let corner = 0;
  for (let k = 0; k < 17; k++)
    for (let i = 0; i < s; i++) {
      for (let j = 0; j < s; j++)
        mirror = Math.max(mirror, Math.abs(prior[(k * s + i) * s + j]! - prior[(k * s + i) * s + s - 1 - j]!));
      // the top row (hair) and the bottom corners (neck, background)
      corner = Math.max(corner, Math.abs(prior[k * s * s + i]!));
      for (let j = 0; j < 8; j++) corner = Math.max(corner, Math.abs(prior[(k * s + s - 1 - (i % 8)) * s + j]!));
    }
  assert.ok(mirror < 1e-6, `left and right alike (${mirror})`);
  const most = prior.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(corner < 0.05 * most, `hair and background are hardly shaded (${corner} of at most ${most})`);
});
