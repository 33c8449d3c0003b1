// The warp refiner (config.refiner): it starts as the stage without it, it corrects only the lightness and only where
// something changes, and an edit to the face's own AUs stays the photo whatever its weights.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { clamp, copy_, manualSeed, noGrad, normal_, rand, scope, sub } from '../../../torch/index.js';
import { FLOW_32 as config } from '../../../../tests/support/flow-configs.js';
import { maxAbs, randomImages as image } from '../../../../tests/support/tensor-cases.js';
import { FlowGenerator } from './flow-generator.js';

const luma = { ...config, conditioning: 'change' as const, colour: 'luma' as const };

it('refiner: starts at zero (the edit of the same weights without it), then corrects the lightness, never the warp', () =>
  scope(() => {
    manualSeed(21);
    const G = new FlowGenerator({ ...luma, refiner: true });
    const plain = new FlowGenerator(luma);
    noGrad(() => {
      for (const [n, p] of G.namedParameters())
        if (n === 'flow_reg.weight' || n === 'img_reg.weight') normal_(p, 0, 0.1);
      const shared = new Map(G.namedState());
      for (const [n, t] of plain.namedState()) copy_(t, shared.get(n)!);
      const [x, aus] = [image(), rand([2, 17])];
      const [a, b] = [G.forward(x, aus), plain.forward(x, aus)];
      assert.ok(maxAbs(a.fake, b.fake) < 1e-6, 'zero at the start');
      for (const [n, p] of G.namedParameters()) if (n.startsWith('refiner.out.')) normal_(p, 0, 0.5);
      const c = G.forward(x, aus);
      assert.ok(maxAbs(c.fake, b.fake) > 1e-2, 'a trained refiner changes the edit (the check can fail)');
      assert.ok(maxAbs(c.warped, b.warped) === 0, 'the warp is as without it');
      const own = clamp(c.ownAus!, 0, 1);
      assert.ok(maxAbs(G.edit(x, own).fake, x) < 1e-5, "own AUs: the photo, whatever the refiner's weights");
      assert.ok(maxAbs(G.edit(x, sub(1, own)).fake, x) > 1e-2, 'a change edits');
    });
    G.dispose();
    plain.dispose();
  }));

it('refiner: needs a lightness painted after the warp', () => {
  assert.throws(() => new FlowGenerator({ ...luma, colour: true, refiner: true }), /refiner corrects the lightness/);
  assert.throws(
    () => new FlowGenerator({ ...luma, colourBeforeWarp: true, refiner: true }),
    /set colour 'luma' and colourBeforeWarp false/,
  );
});
