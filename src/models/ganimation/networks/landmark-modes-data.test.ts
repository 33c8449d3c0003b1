import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MIRROR_68 } from '../../../face/mirror.js';
import { LANDMARK_MODES } from './landmark-modes-data.js';

const flat = (mode: readonly (readonly [number, number])[]) => mode.flatMap(([x, y]) => [x, y]);
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

it('the driving videos’ landmark modes: left-right symmetric, orthogonal, largest first', () => {
  assert.equal(LANDMARK_MODES.length, 8);
  const norms = LANDMARK_MODES.map((m) => Math.sqrt(dot(flat(m), flat(m))));
  for (const [k, mode] of LANDMARK_MODES.entries()) {
    assert.equal(mode.length, 68);
    assert.ok(k === 0 || norms[k - 1]! >= norms[k]!, `mode ${k}'s spread is not above mode ${k - 1}'s`);
    // the mirror image of a symmetric motion is itself: x negated at the mirrored landmark, y the same
    for (const [l, [x, y]] of mode.entries()) {
      const [mx, my] = mode[MIRROR_68[l]!]!;
      assert.ok(Math.abs(x + mx) <= 2e-3 && Math.abs(y - my) <= 2e-3, `mode ${k}, landmark ${l} is not symmetric`);
    }
    for (let j = 0; j < k; j++) {
      const cos = dot(flat(mode), flat(LANDMARK_MODES[j]!)) / (norms[k]! * norms[j]!);
      assert.ok(Math.abs(cos) < 1e-3, `modes ${j} and ${k} are not orthogonal (cos ${cos})`);
    }
  }
});
