// The flow generator's measured priors (motion and shading) and the options that shape what the learned flow adds to
// them; the family's other behaviour is in flow-generator.test.ts.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  abs,
  add,
  amax,
  clamp,
  copy_,
  manualSeed,
  mul,
  noGrad,
  normal_,
  rand,
  scope,
  sub,
  tensor,
  type Tensor,
} from '../../../torch/index.js';
import { TEMPLATE_68 } from '../../../face/template.js';
import { eyeSurroundings } from '../../../face/content-region.js';
import { FLOW_32 as config } from '../../../../tests/support/flow-configs.js';
import { maxAbs, randomImages as image } from '../../../../tests/support/tensor-cases.js';
import { FlowGenerator } from './flow-generator.js';
import { LANDMARK_MODES } from './landmark-modes-data.js';

/** The warp alone told the change, with the motion prior, at the template's 128 pixels. */
const warpAt128 = {
  ...config,
  imageSize: 128,
  conditioning: 'change' as const,
  colour: false as const,
  motionPrior: true,
};
/** The face's own AUs with AU12 (index 8) raised by 0.8 of its range. */
const au12Raised = (own: Tensor) =>
  add(
    own,
    tensor(
      Array.from({ length: 17 }, (_, k) => (k === 8 ? 0.8 : 0)),
      [1, 17],
    ),
  );
/** Sets the landmark head's output bias (zero elsewhere) to `value` at `index`; fails if there is no such head. */
function setLandmarkBias(G: FlowGenerator, index: number, value: number, size: number, head = 'landmark_reg.6'): void {
  const b = new Float32Array(size);
  b[index] = value;
  setBias(G, head, b);
}
/** Sets a head's output bias to `b`; fails if there is no such head or its size differs. */
function setBias(G: FlowGenerator, head: string, b: Float32Array): void {
  const p = G.namedParameters().find(([n]) => n === `${head}.bias`)?.[1];
  assert.ok(p, `the head ${head}`);
  assert.equal(p.shape[0], b.length, 'the head’s outputs');
  copy_(p, tensor(b, [b.length]));
}

it('motion prior: an untrained generator already moves the face along the prior for a change, and returns the photo for its own AUs', () =>
  scope(() => {
    manualSeed(6);
    const G = new FlowGenerator({ ...config, conditioning: 'change', colour: 'luma', motionPrior: true });
    noGrad(() => {
      const x = image();
      const own = clamp(G.forward(x, rand([2, 17])).ownAus!, 0, 1);
      assert.ok(maxAbs(G.edit(x, own).fake, x) < 1e-5, 'own AUs: the photo');
      const jaw = tensor(
        Array.from({ length: 17 }, (_, k) => (k === 15 ? 0.8 : 0)),
        [1, 17],
      );
      const target = clamp(add(own, jaw), 0, 10);
      const flow = G.forward(x, target).flow;
      // AU26 (index 15) opens the jaw: below the mouth the output samples from above (negative y offsets)
      const chinY = flow.data()[1 * 32 * 32 + 29 * 32 + 16]!;
      assert.ok(chinY < -0.005, `the chin samples from above (${chinY})`);
      // motionStrength scales the prior's fields: the same weights at 1.5 move the chin 1.5 times as far
      manualSeed(6);
      const strong = new FlowGenerator({
        ...config,
        conditioning: 'change',
        colour: 'luma',
        motionPrior: true,
        motionStrength: 1.5,
      });
      const strongY = strong.forward(x, target, own).flow.data()[1 * 32 * 32 + 29 * 32 + 16]!;
      const plainY = G.forward(x, target, own).flow.data()[1 * 32 * 32 + 29 * 32 + 16]!;
      assert.ok(Math.abs(strongY - 1.5 * plainY) < 1e-6, `1.5 × ${plainY}, got ${strongY}`);
      strong.dispose();
    });
    G.dispose();
    assert.throws(() => new FlowGenerator({ ...config, motionPrior: true }), /motionPrior needs/);
    assert.throws(
      () => new FlowGenerator({ ...config, conditioning: 'change', motionPrior: true, motionStrength: 4 }),
      /motionStrength must be a number from 0 to 3/,
    );
    assert.throws(
      () => new FlowGenerator({ ...config, conditioning: 'change', motionStrength: 2 }),
      /motionStrength needs motionPrior/,
    );
    for (const [options, message] of [
      [{ motionInversion: 2 }, /motionInversion inverts the motion of the prior/],
      [{ motionPrior: true, motionInversion: 1.5 }, /motionInversion must be a whole number of steps/],
      [{ eyeAnchors: true }, /eyeAnchors shapes the motion prior/],
      [{ motionPrior: true, landmarkFlow: 'prior', holdEyeCorners: true }, /holdEyeCorners holds freed landmarks/],
    ] as const)
      assert.throws(() => new FlowGenerator({ ...config, conditioning: 'change', ...options }), message);
  }));

it('shading prior: an untrained generator lightens the eyes for a blink, in proportion to their light, and returns the photo for its own AUs', () =>
  scope(() => {
    manualSeed(7);
    // at the template's own 128 pixels, where the measured fields are sharp
    const G = new FlowGenerator({
      ...config,
      imageSize: 128,
      conditioning: 'change',
      colour: 'luma',
      shadingPrior: true,
    });
    noGrad(() => {
      // a dim photo (light 0.4 of 1, a little noise): room to lighten without clipping
      const x = add(mul(rand([2, 3, 128, 128]), 0.1), -0.25);
      const own = clamp(G.forward(x, rand([2, 17])).ownAus!, 0, 1);
      assert.ok(maxAbs(G.edit(x, own).fake, x) < 1e-5, 'own AUs: the photo');
      const blink = tensor(
        Array.from({ length: 17 }, (_, k) => (k === 16 ? 0.6 : 0)),
        [1, 17],
      );
      const fake = G.edit(x, clamp(add(own, blink), 0, 10)).fake.data();
      const input = x.data();
      // at both eyes' centres (the mean of their six template landmarks), every channel: light × the same factor
      const eye = (ids: number[]) =>
        [0, 1].map((a) => Math.round(ids.reduce((m, i) => m + TEMPLATE_68[i]![a]!, 0) / ids.length));
      const perEye = [eye([36, 37, 38, 39, 40, 41]), eye([42, 43, 44, 45, 46, 47])].map(([ex, ey]) =>
        [0, 1, 2].map((c) => {
          const o = (c * 128 + ey!) * 128 + ex!;
          return (fake[o]! + 1) / (input[o]! + 1);
        }),
      );
      for (const ratios of perEye) {
        assert.ok(ratios[0]! > 1.15, `AU45 lightens the eye (${ratios[0]})`);
        for (const r of ratios) assert.ok(Math.abs(r - ratios[0]!) < 1e-4, `the same factor on R, G and B (${ratios})`);
      }
    });
    G.dispose();
    assert.throws(() => new FlowGenerator({ ...config, shadingPrior: true }), /shadingPrior needs/);
  }));

it('learnedEyeFlow: about the eyes and lids only the prior moves the face; elsewhere the learned flow is kept', () =>
  scope(() => {
    const base = warpAt128;
    const make = (extra: object) => {
      manualSeed(13);
      const G = new FlowGenerator({ ...base, ...extra });
      noGrad(() => {
        for (const [n, p] of G.namedParameters()) if (n === 'flow_reg.weight') normal_(p, 0, 0.05);
      });
      return G;
    };
    const [learned, priorEyes] = [make({}), make({ learnedEyeFlow: 0 })];
    noGrad(() => {
      const x = sub(mul(rand([1, 3, 128, 128]), 2), 1);
      const [own, target] = [rand([1, 17]), rand([1, 17])];
      // the learned part, on the 32 × 32 grid the mask is drawn on
      const [a, b] = [learned, priorEyes].map((G) => G.forward(x, target, own).learnedFlow!.data()) as [
        Float32Array,
        Float32Array,
      ];
      const eyes = eyeSurroundings(32);
      let [inEyes, elsewhere, learnedThere, cells] = [0, 0, 0, 0];
      for (let c = 0; c < 2; c++)
        for (let i = 0; i < 32 * 32; i++) {
          const o = c * 32 * 32 + i;
          if (eyes[i] === 1) {
            cells++;
            inEyes = Math.max(inEyes, Math.abs(b[o]!));
            learnedThere = Math.max(learnedThere, Math.abs(a[o]!));
          }
          if (eyes[i] === 0) elsewhere = Math.max(elsewhere, Math.abs(b[o]! - a[o]!));
        }
      assert.ok(cells >= 20, `the mask covers both eyes (${cells / 2} cells)`);
      assert.ok(learnedThere > 1e-3, `without the option the learned flow moves the eyes (${learnedThere})`);
      assert.equal(inEyes, 0, 'with it, nothing learned there: the prior alone');
      assert.ok(elsewhere < 1e-7, `away from the eyes the same learned flow (${elsewhere})`);
    });
    for (const G of [learned, priorEyes]) G.dispose();
    assert.throws(
      () => new FlowGenerator({ ...base, motionPrior: false, learnedEyeFlow: 0 }),
      /learnedEyeFlow needs motionPrior/,
    );
  }));

it('landmarkFlow: untrained, the prior alone; a landmark’s learned motion moves the face about that landmark, along its axis, backward', () =>
  scope(() => {
    const base = warpAt128;
    manualSeed(14);
    const [free, landmarks] = [new FlowGenerator(base), new FlowGenerator({ ...base, landmarkFlow: true })];
    assert.ok(!landmarks.flowReg, 'no free field');
    noGrad(() => {
      const x = sub(mul(rand([1, 3, 128, 128]), 2), 1);
      const own = rand([1, 17]);
      const target = au12Raised(own);
      const prior = free.forward(x, target, own).flow;
      assert.ok(maxAbs(landmarks.forward(x, target, own).flow, prior) < 1e-6, 'untrained: the prior’s flow');
      // the motion head's bias: landmark 48 (the left mouth corner) 2 px along x per unit of AU12's change
      setLandmarkBias(landmarks, 8 * 2 * 68 + 48, 2, 17 * 2 * 68);
      const learned = landmarks.forward(x, target, own).learnedFlow!.data();
      const [cx, cy] = TEMPLATE_68[48]!.map((v) => Math.floor(v / 4)) as [number, number];
      let [peak, at, alongY] = [0, -1, 0];
      for (let i = 0; i < 32 * 32; i++) {
        if (Math.abs(learned[i]!) > Math.abs(peak)) [peak, at] = [learned[i]!, i];
        alongY = Math.max(alongY, Math.abs(learned[32 * 32 + i]!));
      }
      const [px, py] = [at % 32, Math.floor(at / 32)];
      assert.ok(
        Math.abs(px - cx) <= 1 && Math.abs(py - cy) <= 1,
        `strongest at the corner (${px}, ${py} vs ${cx}, ${cy})`,
      );
      // 1.6 px of motion is −1.6 · 2 / 127 in normalised sampling offsets; the spline, its neighbours held,
      // overshoots a little outward (1.27 px per px at the cell beside the corner)
      assert.ok(peak < -0.6 * (3.2 / 127) && peak > -1.5 * (3.2 / 127), `backward, about 1.6 px (${peak})`);
      assert.equal(alongY, 0, 'nothing along y');
      assert.ok(Math.abs(learned[0]!) < 0.05 * Math.abs(peak), `the crop's corner still (${learned[0]})`);
    });
    for (const G of [free, landmarks]) G.dispose();
    assert.throws(
      () => new FlowGenerator({ ...base, motionPrior: false, landmarkFlow: true }),
      /landmarkFlow needs motionPrior/,
    );
  }));

it("landmarkFlow 'prior': the landmarks move by mixes of the measured motions; AU12's own motion once more is the prior at twice its strength", () =>
  scope(() => {
    const base = warpAt128;
    manualSeed(15);
    const [mixed, doubled] = [
      new FlowGenerator({ ...base, landmarkFlow: 'prior' }),
      new FlowGenerator({ ...base, motionStrength: 2 }),
    ];
    noGrad(() => {
      const x = sub(mul(rand([1, 3, 128, 128]), 2), 1);
      const own = rand([1, 17]);
      const target = au12Raised(own);
      // per AU, one weight per measured motion: AU12's own once more
      setLandmarkBias(mixed, 8 * 17 + 8, 1, 17 * 17);
      const [a, want] = [mixed.forward(x, target, own).flow, doubled.forward(x, target, own).flow];
      const most = amax(abs(want), [0, 1, 2, 3], false).item();
      assert.ok(most > 0.01, `AU12 moves the face (${most})`);
      assert.ok(maxAbs(a, want) < 1e-4 * most, `the prior twice over (${maxAbs(a, want)} of ${most})`);
    });
    for (const G of [mixed, doubled]) G.dispose();
  }));

it("landmarkFlow 'modes': a video mode's weight moves the landmarks by that mode; with the modes at zero it is 'prior'", () =>
  scope(() => {
    const base = warpAt128;
    manualSeed(16);
    const [modes, mixed, free] = [
      new FlowGenerator({ ...base, landmarkFlow: 'modes' }),
      new FlowGenerator({ ...base, landmarkFlow: 'prior' }),
      new FlowGenerator({ ...base, landmarkFlow: true }),
    ];
    const count = LANDMARK_MODES.length;
    noGrad(() => {
      const x = sub(mul(rand([1, 3, 128, 128]), 2), 1);
      const own = rand([1, 17]);
      const target = au12Raised(own);
      // the same mix of the measured motions in both: AU12's own once more
      for (const G of [modes, mixed]) setLandmarkBias(G, 8 * 17 + 8, 1, 17 * 17);
      const same = maxAbs(modes.forward(x, target, own).flow, mixed.forward(x, target, own).flow);
      assert.ok(same < 1e-6, `the modes at zero add nothing (${same})`);
      // AU12's weight of mode 2, against the free landmark head told that mode's motion (x of the 68, then y)
      for (const G of [modes, mixed]) setLandmarkBias(G, 8 * 17 + 8, 0, 17 * 17);
      setLandmarkBias(modes, 8 * count + 2, 1, 17 * count, 'landmark_modes');
      const motion = new Float32Array(17 * 136);
      LANDMARK_MODES[2]!.forEach(([mx, my], i) => {
        motion[8 * 136 + i] = mx;
        motion[8 * 136 + 68 + i] = my;
      });
      setBias(free, 'landmark_reg.6', motion);
      const [a, want, prior] = [
        modes.forward(x, target, own).flow,
        free.forward(x, target, own).flow,
        mixed.forward(x, target, own).flow,
      ];
      const moved = maxAbs(want, prior);
      assert.ok(moved > 0.01, `the mode moves the face (${moved})`);
      assert.ok(maxAbs(a, want) < 1e-4 * moved, `the mode's motion (${maxAbs(a, want)} of ${moved})`);
    });
    for (const G of [modes, mixed, free]) G.dispose();
  }));

it("freeUpperLandmarks: a brow's or lid's free motion is the free landmark head's; the lips have none; needs a mix", () =>
  scope(() => {
    const base = warpAt128;
    manualSeed(17);
    const [upper, free] = [
      new FlowGenerator({ ...base, landmarkFlow: 'prior', freeUpperLandmarks: true }),
      new FlowGenerator({ ...base, landmarkFlow: true }),
    ];
    noGrad(() => {
      const x = sub(mul(rand([1, 3, 128, 128]), 2), 1);
      const own = rand([1, 17]);
      const target = au12Raised(own);
      // AU12's free motion: landmark 19 (a brow's top) 2 px along y, landmark 37 (an upper lid) −1.5 px along x
      // (the free head's outputs per AU: x of the 22 upper landmarks, then y; brows 17–26 first, then eyes 36–47)
      const motion = new Float32Array(17 * 44);
      motion[8 * 44 + 22 + 2] = 2;
      motion[8 * 44 + 11] = -1.5;
      setBias(upper, 'landmark_free', motion);
      const want = new Float32Array(17 * 136);
      want[8 * 136 + 68 + 19] = 2;
      want[8 * 136 + 37] = -1.5;
      setBias(free, 'landmark_reg.6', want);
      const [a, b] = [upper.forward(x, target, own).flow, free.forward(x, target, own).flow];
      const most = amax(abs(b), [0, 1, 2, 3], false).item();
      assert.ok(maxAbs(a, b) < 1e-4 * most, `the free head's motion (${maxAbs(a, b)} of ${most})`);
      // a lip's coordinate has no free output: the head has 44 per AU, not 136
      assert.throws(() => setBias(upper, 'landmark_free', new Float32Array(17 * 136)), /outputs/);
    });
    for (const G of [upper, free]) G.dispose();
    // 'lower-lids': the brows (10), the eyes' corners and lower lids (8): 36 outputs per AU
    const lower = new FlowGenerator({ ...base, landmarkFlow: 'prior', freeUpperLandmarks: 'lower-lids' });
    assert.deepEqual(lower.namedParameters().find(([n]) => n === 'landmark_free.bias')?.[1].shape, [17 * 36]);
    // holdEyeCorners: a corner's free motion (36, the 11th) moves nothing; a lower lid's (40, the 13th) still moves
    const held = new FlowGenerator({
      ...base,
      landmarkFlow: 'prior',
      freeUpperLandmarks: 'lower-lids',
      holdEyeCorners: true,
    });
    noGrad(() => {
      const x = sub(mul(rand([1, 3, 128, 128]), 2), 1);
      const own = rand([1, 17]);
      const flowWith = (G: FlowGenerator, landmark: number) => {
        const motion = new Float32Array(17 * 36);
        motion[8 * 36 + 18 + landmark] = 2;
        setBias(G, 'landmark_free', motion);
        return G.forward(x, au12Raised(own), own).flow;
      };
      const still = new FlowGenerator({ ...base, landmarkFlow: 'prior' });
      const prior = still.forward(x, au12Raised(own), own).flow;
      assert.ok(maxAbs(flowWith(held, 10), prior) < 1e-6, 'a held corner moves nothing');
      assert.ok(maxAbs(flowWith(lower, 10), prior) > 1e-3, 'a free corner moves (the check can fail)');
      assert.ok(maxAbs(flowWith(held, 12), prior) > 1e-3, 'a lower lid still moves');
      still.dispose();
    });
    for (const G of [lower, held]) G.dispose();
    assert.throws(
      () => new FlowGenerator({ ...base, landmarkFlow: true, freeUpperLandmarks: true }),
      /freeUpperLandmarks frees landmarks beside a mix/,
    );
  }));

it('lidOpeningLimit: an edit opens no eye wider than the limit, prior and learned motion together; closing is free', () =>
  scope(() => {
    const base = { ...warpAt128, landmarkFlow: true as const };
    manualSeed(18);
    const [open, held] = [new FlowGenerator(base), new FlowGenerator({ ...base, lidOpeningLimit: 0.5 })];
    noGrad(() => {
      const x = sub(mul(rand([1, 3, 128, 128]), 2), 1);
      const own = rand([1, 17]);
      const target = au12Raised(own);
      // AU12's learned motion: the upper lids (37, 38, 43, 44) 3 px up, against the limit's 0.5 px
      const up = new Float32Array(17 * 136);
      for (const l of [37, 38, 43, 44]) up[8 * 136 + 68 + l] = -3;
      for (const G of [open, held]) setBias(G, 'landmark_reg.6', up);
      // where the output samples each upper lid's place from: the flow there is minus the lid's motion
      const lidMotion = (G: FlowGenerator) => {
        const f = G.forward(x, target, own).flow.data();
        return [37, 38, 43, 44].map((l) => {
          const [px, py] = TEMPLATE_68[l]!.map(Math.round) as [number, number];
          return (-f[128 * 128 + py * 128 + px]! * 127) / 2;
        });
      };
      const [free, limited] = [lidMotion(open), lidMotion(held)];
      // (the spline, smooth and holding the neighbours, carries a part of a landmark's motion to its pixel)
      for (const [i, m] of free.entries()) {
        assert.ok(m < -1, `unlimited, the lid ${i} rises (${m.toFixed(2)} px)`);
        assert.ok(limited[i]! > -0.5, `limited, the lid ${i} rises at most the limit (${limited[i]!.toFixed(2)})`);
      }
      // closing: the same motion down is kept whole
      const down = up.map((v) => -v);
      for (const G of [open, held]) setBias(G, 'landmark_reg.6', down);
      const same = maxAbs(open.forward(x, target, own).flow, held.forward(x, target, own).flow);
      assert.ok(same < 1e-5, `closing is not held back (${same})`);
    });
    for (const G of [open, held]) G.dispose();
    assert.throws(
      () => new FlowGenerator({ ...warpAt128, lidOpeningLimit: 1 }),
      /lidOpeningLimit holds back landmark motion/,
    );
    assert.throws(
      () => new FlowGenerator({ ...base, lidOpeningLimit: 1, learnedEyeFlow: 0.5 }),
      /set learnedEyeFlow 1 with it/,
    );
  }));
