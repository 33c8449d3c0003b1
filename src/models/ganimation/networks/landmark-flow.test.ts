import assert from 'node:assert/strict';
import { it } from 'node:test';
import { add, copy_, mul, noGrad, rand, scope, sub, tensor } from '../../../torch/index.js';
import { FLOW_CHANGE_128 } from '../../../../tests/support/flow-configs.js';
import { maxAbs } from '../../../../tests/support/tensor-cases.js';
import { FlowGenerator } from './flow-generator.js';

/** The warp told the change with free brows, corners and lower lids beside the mixes, at the template's 128 px. */
const base = {
  ...FLOW_CHANGE_128,
  colour: false as const,
  motionPrior: true,
  landmarkFlow: 'prior' as const,
  freeUpperLandmarks: 'lower-lids' as const,
};

it('freeBrowScale: the brows’ free motion scaled (none at 0), the lower lids’ kept; the option checks its setting', () =>
  scope(() => {
    noGrad(() => {
      const x = sub(mul(rand([1, 3, 128, 128]), 2), 1);
      const own = rand([1, 17]);
      // AU12 (index 8) raised by 0.8 of its range
      const target = add(own, tensor([0, 0, 0, 0, 0, 0, 0, 0, 0.8, 0, 0, 0, 0, 0, 0, 0, 0], [1, 17]));
      // the free head's outputs per AU: x of the 18 freed landmarks, then y; the brows 17–26 first, so landmark 19
      // is the 3rd and the lower lid 40 the 13th
      const flowWith = (scale: number, index: number) => {
        const G = new FlowGenerator({ ...base, freeBrowScale: scale });
        const motion = new Float32Array(17 * 36);
        motion[8 * 36 + 18 + index] = 3;
        const p = G.namedParameters().find(([n]) => n === 'landmark_free.bias')![1];
        copy_(p, tensor(motion, [motion.length]));
        const flow = G.forward(x, target, own).flow;
        G.dispose();
        return flow;
      };
      const still = new FlowGenerator({ ...base, freeUpperLandmarks: false });
      const prior = still.forward(x, target, own).flow;
      still.dispose();
      const [whole, half, none] = [flowWith(1, 2), flowWith(0.5, 2), flowWith(0, 2)];
      const moved = maxAbs(whole, prior);
      assert.ok(moved > 1e-3, `a free brow moves (the check can fail): ${moved}`);
      assert.ok(maxAbs(sub(half, prior), mul(sub(whole, prior), 0.5)) < 1e-3 * moved, 'half the motion at 0.5');
      assert.ok(maxAbs(none, prior) < 1e-6, 'none at 0');
      assert.ok(maxAbs(flowWith(0, 12), prior) > 1e-3, 'a lower lid still moves at 0');
    });
    assert.throws(() => new FlowGenerator({ ...base, freeBrowScale: 1.5 }), /freeBrowScale must be a number from 0/);
    assert.throws(
      () => new FlowGenerator({ ...base, freeUpperLandmarks: false, freeBrowScale: 0.5 }),
      /freeBrowScale scales freed brows/,
    );
  }));
