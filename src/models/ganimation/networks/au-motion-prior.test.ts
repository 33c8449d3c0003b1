import assert from 'node:assert/strict';
import { it } from 'node:test';
import { auIndex } from '../../../au/index.js';
import { TEMPLATE_68 } from '../../../face/template.js';
import { auMotionPrior, landmarkSplineBasis } from './au-motion-prior.js';
import { AU_LANDMARK_MOTION } from './au-motion-prior-data.js';

it('the motion prior, measured on faces128: the jaw drops for AU26, mouth corners rise and spread for AU12, brows rise for AU01+02, still at the border', () => {
  const side = 32;
  const prior = auMotionPrior(side);
  assert.equal(prior.length, 17 * 2 * side * side);
  // offset of AU k, component c (0 x, 1 y) at the coarse cell holding template pixel (x, y)
  const at = (au: number, c: number, [x, y]: readonly [number, number]) =>
    prior[(2 * auIndex(au) + c) * side * side + Math.floor(y / 4) * side + Math.floor(x / 4)]!;
  // backward offsets: a point that moves down samples from above (negative y)
  assert.ok(at(26, 1, TEMPLATE_68[57]!) < -0.005, `AU26: the lower lip moves down (${at(26, 1, TEMPLATE_68[57]!)})`);
  assert.ok(at(12, 1, TEMPLATE_68[48]!) > 0.002 && at(12, 1, TEMPLATE_68[54]!) > 0.002, 'AU12: the corners rise');
  assert.ok(at(12, 0, TEMPLATE_68[48]!) > 0 && at(12, 0, TEMPLATE_68[54]!) < 0, 'AU12: the corners spread');
  const brow = (au: number) => at(au, 1, TEMPLATE_68[19]!) + at(au, 1, TEMPLATE_68[24]!);
  assert.ok(brow(1) + brow(2) > 0.004, 'AU01 + AU02: the brows rise');
  assert.ok(brow(4) < 0, 'AU04: the brows lower');
  let edge = 0;
  for (let k = 0; k < 34; k++)
    for (let j = 0; j < side; j++) edge = Math.max(edge, Math.abs(prior[k * side * side + j]!));
  const most = prior.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(edge < 0.2 * most, `nearly still along the top edge (${edge} of at most ${most})`);
});

/** The most that each AU's prior field differs from its measured landmark motions (× 5 per normalised unit) through the
 * basis, and the largest prior offset. */
function basisGap(side: number, eyeAnchors: boolean): { worst: number; most: number } {
  const [prior, basis] = [auMotionPrior(side, 128, eyeAnchors), landmarkSplineBasis(side, 128, eyeAnchors)];
  assert.equal(basis.length, 68 * side * side);
  let worst = 0;
  for (const [k, motion] of AU_LANDMARK_MOTION.entries())
    for (let c = 0; c < 2; c++)
      for (let p = 0; p < side * side; p++) {
        let s = 0;
        for (let i = 0; i < 68; i++) s += 5 * motion[i]![c]! * basis[i * side * side + p]!;
        worst = Math.max(worst, Math.abs(s - prior[(2 * k + c) * side * side + p]!));
      }
  return { worst, most: prior.reduce((m, v) => Math.max(m, Math.abs(v)), 0) };
}

it('the landmark basis: each AU’s prior field is its measured landmark motions (× 5 per normalised unit) through it', () => {
  const { worst, most } = basisGap(32, false);
  assert.ok(worst < 1e-5 * most, `the same fields (${worst} of at most ${most})`);
});

it('the eye anchors: the basis still gives the prior, and a brow raise stretches the skin from lid to brow evenly', () => {
  const { worst, most } = basisGap(32, true);
  assert.ok(worst < 1e-5 * most, `the same fields (${worst} of at most ${most})`);
  // AU02's vertical offset down the column through landmark 37, from the brow above it (19) to the lid: the most it
  // strays from the straight line between the two (pixels), without the anchors and with them
  const [brow, lid] = [TEMPLATE_68[19]!, TEMPLATE_68[37]!];
  const stray = (anchors: boolean) => {
    const field = auMotionPrior(128, 128, anchors);
    const v = (y: number) => field[(2 * auIndex(2) + 1) * 128 * 128 + Math.round(y) * 128 + Math.round(lid[0])]!;
    const [top, bottom] = [Math.round(brow[1]), Math.round(lid[1])];
    let most = 0;
    for (let y = top; y <= bottom; y++)
      most = Math.max(most, Math.abs(v(y) - (v(top) + ((v(bottom) - v(top)) * (y - top)) / (bottom - top))));
    return most;
  };
  assert.ok(stray(true) < 0.5 * stray(false), `even with the anchors (${stray(true)}), bent without (${stray(false)})`);
});
