import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  abs,
  add,
  amax,
  backward,
  clamp,
  manualSeed,
  mean,
  mul,
  noGrad,
  normal_,
  rand,
  scope,
  sub,
  tensor,
  type Tensor,
} from '../../../torch/index.js';
import { contentRegion } from '../../../face/content-region.js';
import { warp } from '../../../nn/warp.js';
import { FLOW_32 as config } from '../../../../tests/support/flow-configs.js';
import { maxAbs, randomImages as image } from '../../../../tests/support/tensor-cases.js';
import { createGenerator } from './create-generator.js';
import { CHANGE_DEAD_ZONE, firmThreshold, FlowGenerator } from './flow-generator.js';
import { photoKeepMask } from './photo-keep-mask.js';
import { Generator } from './generator.js';

it('an untrained flow generator returns its input (flow and colour heads start at zero)', () =>
  scope(() => {
    manualSeed(1);
    const G = new FlowGenerator(config);
    const x = image();
    noGrad(() => {
      const e = G.edit(x, rand([2, 17]));
      assert.ok(maxAbs(e.fake, x) < 1e-5, 'edit = input');
      assert.ok(amax(abs(e.flow!), [0, 1, 2, 3], false).item() === 0, 'no flow');
      assert.deepEqual(e.flow!.shape, [2, 2, 32, 32]);
    });
    G.dispose();
  }));

it('training signal reaches the flow and colour heads; with the residual gain at 0 the edit is the warped input alone', () =>
  scope(() => {
    manualSeed(2);
    const G = new FlowGenerator(config);
    const [x, aus] = [image(), rand([2, 17])];
    backward(mean(mul(G.edit(x, aus).fake, rand([2, 3, 32, 32]))));
    for (const n of ['flow_reg.weight', 'img_reg.weight']) {
      const g = G.namedParameters().find(([k]) => k === n)![1].grad!;
      assert.ok(amax(abs(g), [0, 1, 2, 3], false).item() > 0, `${n} gets a gradient`);
    }
    noGrad(() => {
      for (const [n, p] of G.namedParameters())
        if (n === 'flow_reg.weight' || n === 'img_reg.weight') normal_(p, 0, 0.05);
      G.residualGain = 0;
      const o = G.forward(x, aus);
      assert.ok(maxAbs(o.fake, warp(x, o.flow, 'border')) < 1e-6, 'colour off: only the warp');
      assert.ok(amax(abs(o.flow), [0, 1, 2, 3], false).item() > 1e-3, 'the flow moved pixels');
      G.residualGain = 1;
      assert.ok(maxAbs(G.forward(x, aus).fake, o.fake) > 1e-3, 'colour on: the residual adds to it');
    });
    G.dispose();
  }));

it('the family follows the configuration; the flow generator shares the paint generator’s encoder names and shapes', () => {
  const [flow, paint] = [createGenerator({ ...config, generator: 'flow' }), createGenerator(config)];
  assert.ok(flow instanceof FlowGenerator && paint instanceof Generator);
  const paintShapes = new Map(paint.namedState().map(([n, t]) => [n, t.shape.join('x')]));
  const shared = flow
    .namedState()
    .filter(([n, t]) => paintShapes.get(n) === t.shape.join('x'))
    .map(([n]) => n);
  assert.ok(shared.includes('main.0.weight') && shared.some((n) => n.startsWith('main.9.main')), shared.join(', '));
  assert.ok(!shared.includes('img_reg.0.weight'));
  flow.dispose();
  paint.dispose();
});

it('firm threshold: 0 up to ε, the change itself from 2ε, continuous between', () =>
  scope(() => {
    const d = tensor([-0.5, -0.2, -0.15, -0.1, -0.05, 0, 0.05, 0.1, 0.12, 0.15, 0.2, 0.5]);
    const want = [-0.5, -0.2, -0.1, 0, 0, 0, 0, 0, 0.04, 0.1, 0.2, 0.5];
    firmThreshold(d, 0.1)
      .data()
      .forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-6, `${d.data()[i]}: ${v}`));
  }));

it('photo keep mask: 1 where the edit left the input, near 0 where it changed by more than a few grey levels', () =>
  scope(() => {
    const x = image();
    noGrad(() => {
      assert.equal(amax(abs(sub(photoKeepMask(x, x), 1)), [0, 1, 2, 3], false).item(), 0);
      const far = photoKeepMask(x, sub(x, 0.2));
      assert.ok(amax(far, [0, 1, 2, 3], false).item() < 1e-6);
    });
  }));

it('without a colour head the edit is the warped input alone, and the configuration checks the flag', () =>
  scope(() => {
    manualSeed(3);
    const G = new FlowGenerator({ ...config, colour: false });
    assert.ok(
      !G.namedParameters().some(([n]) => n.startsWith('img_reg') || n.startsWith('up.')),
      'no decoder or colour head',
    );
    noGrad(() => {
      for (const [n, p] of G.namedParameters()) if (n === 'flow_reg.weight') normal_(p, 0, 0.05);
      const x = image();
      const o = G.forward(x, rand([2, 17]));
      assert.ok(maxAbs(o.fake, warp(x, o.flow, 'border')) === 0);
    });
    G.dispose();
    assert.throws(
      () => new FlowGenerator({ ...config, colour: 'no' as never }),
      /colour must be true, false or 'luma'/,
    );
  }));

it("conditioning 'change': an edit towards the face's own AUs (as the generator reads them) returns the photo, and the flow is linear in the change", () =>
  scope(() => {
    manualSeed(4);
    const G = new FlowGenerator({ ...config, colour: false, conditioning: 'change' });
    assert.deepEqual(
      G.namedParameters().find(([n]) => n === 'main.0.weight')![1].shape,
      [8, 3, 7, 7],
      'the encoder sees the image alone',
    );
    noGrad(() => {
      for (const [n, p] of G.namedParameters()) if (n === 'flow_reg.weight') normal_(p, 0, 0.05);
      const x = image();
      const own = clamp(G.forward(x, rand([2, 17])).ownAus!, 0, 1);
      assert.deepEqual(own.shape, [2, 17]);
      assert.equal(amax(abs(G.forward(x, own).flow), [0, 1, 2, 3], false).item(), 0, 'own AUs: no flow');
      assert.ok(maxAbs(G.edit(x, own).fake, x) < 1e-5, 'own AUs: the photo (up to the sampler’s rounding)');
      const within = mul(sub(rand([2, 17]), 0.5), 2 * CHANGE_DEAD_ZONE * 0.99);
      assert.equal(
        amax(abs(G.forward(x, add(own, within)).flow), [0, 1, 2, 3], false).item(),
        0,
        'changes inside the dead zone: no flow',
      );
      const step = add(mul(rand([2, 17]), 0.2), 2 * CHANGE_DEAD_ZONE);
      const [one, two] = [G.forward(x, add(own, step)).flow, G.forward(x, add(own, mul(step, 2))).flow];
      assert.ok(amax(abs(one), [0, 1, 2, 3], false).item() > 1e-3, 'a change moves pixels');
      assert.ok(maxAbs(two, mul(one, 2)) < 1e-5, 'beyond twice the dead zone: twice the change, twice the flow');
      const told = G.forward(x, add(own, 0.5), own).flow;
      assert.ok(maxAbs(told, G.forward(x, add(own, 0.5)).flow) < 1e-6, 'own AUs given = own AUs read: the same flow');
      assert.ok(
        maxAbs(G.forward(x, add(own, 0.5), add(own, 0.5)).flow, mul(told, 0)) === 0,
        'told the face already shows the target: no flow',
      );
      // a smaller dead zone (an export's --dead-zone) acts on changes the training one ignores
      G.deadZone = CHANGE_DEAD_ZONE / 2;
      assert.ok(
        amax(abs(G.forward(x, add(own, within)).flow), [0, 1, 2, 3], false).item() > 0,
        'half the dead zone: changes inside the old one move pixels',
      );
      G.deadZone = CHANGE_DEAD_ZONE;
    });
    G.dispose();
    assert.throws(() => createGenerator({ ...config, conditioning: 'change' }), /needs generator 'flow'/);
  }));

it("conditioning 'change' with colour: colour fields added in proportion to the change, nothing for the face's own AUs", () =>
  scope(() => {
    manualSeed(8);
    const G = new FlowGenerator({ ...config, conditioning: 'change' });
    assert.deepEqual(
      G.namedParameters().find(([n]) => n === 'img_reg.weight')![1].shape,
      [51, 8, 3, 3],
      'three colour channels per AU',
    );
    assert.ok(!G.namedParameters().some(([n]) => n.startsWith('attetion_reg')), 'no attention head');
    noGrad(() => {
      for (const [n, p] of G.namedParameters()) if (n === 'img_reg.weight') normal_(p, 0, 0.05);
      const x = image();
      const own = clamp(G.forward(x, rand([2, 17])).ownAus!, 0, 1);
      assert.ok(maxAbs(G.edit(x, own).fake, x) < 1e-5, 'own AUs: the photo');
      const step = add(mul(rand([2, 17]), 0.2), 2 * CHANGE_DEAD_ZONE);
      const [one, two] = [G.forward(x, add(own, step)), G.forward(x, add(own, mul(step, 2)))];
      assert.ok(amax(abs(one.residual), [0, 1, 2, 3], false).item() > 1e-3, 'a change adds colour');
      assert.ok(maxAbs(two.residual, mul(one.residual, 2)) < 1e-5, 'twice the change, twice the colour');
      assert.ok(
        maxAbs(G.edit(x, add(own, step)).maskTerm, abs(one.residual)) < 1e-6,
        'the mask term is the colour’s size',
      );
    });
    G.dispose();
  }));

it('contentColour confines the learned colour to the eyes and mouth (or either alone); flowBlur low-passes the learned flow; both check their configuration', () =>
  scope(() => {
    const base = { ...config, imageSize: 128, conditioning: 'change' as const, colour: 'luma' as const };
    // two generators holding the same random heads, one with both options
    const make = (extra: object) => {
      manualSeed(11);
      const G = new FlowGenerator({ ...base, ...extra });
      noGrad(() => {
        for (const [n, p] of G.namedParameters())
          if (n === 'flow_reg.weight' || n === 'img_reg.weight') normal_(p, 0, 0.05);
      });
      return G;
    };
    const plain = make({});
    const confined = make({ contentColour: true, flowBlur: 1 });
    const mouthOnly = make({ contentColour: 'mouth' });
    const eyesOnly = make({ contentColour: 'eyes' });
    noGrad(() => {
      manualSeed(12);
      const x = sub(mul(rand([1, 3, 128, 128]), 2), 1);
      const own = rand([1, 17]);
      const target = rand([1, 17]);
      const a = plain.forward(x, target, own);
      const b = confined.forward(x, target, own);
      const region = contentRegion(128);
      const ra = a.residual.data();
      /** The largest colour outside `where`, and the largest difference from the unconfined head's inside it. */
      const confinedTo = (where: Float32Array, r: Float32Array) => {
        let [outside, inside] = [0, 0];
        for (let i = 0; i < where.length; i++) {
          if (where[i] === 0) outside = Math.max(outside, Math.abs(r[i]!));
          if (where[i] === 1) inside = Math.max(inside, Math.abs(r[i]! - ra[i]!));
        }
        return [outside, inside] as const;
      };
      for (const [parts, G] of [
        ['eyes and mouth', confined],
        ['mouth', mouthOnly],
        ['eyes', eyesOnly],
      ] as const) {
        const [outside, inside] = confinedTo(contentRegion(128, parts), G.forward(x, target, own).residual.data());
        assert.equal(outside, 0, `${parts}: no learned colour outside`);
        assert.ok(inside < 1e-6, `${parts}: inside, the same colour (${inside})`);
      }
      const mouth = contentRegion(128, 'mouth');
      assert.ok(
        region.filter((v, i) => v === 1 && mouth[i] === 0).length > 100,
        'the eyes are in the full region only',
      );
      assert.ok(amax(abs(a.residual), [0, 1, 2, 3], false).item() > 0.05, 'the plain head does colour the face');
      // total variation of the flow: the low-passed one is far smoother
      const tv = (f: Tensor) => {
        const d = f.data();
        let t = 0;
        for (let c = 0; c < 2; c++)
          for (let y = 0; y < 128; y++)
            for (let x2 = 1; x2 < 128; x2++)
              t += Math.abs(d[(c * 128 + y) * 128 + x2]! - d[(c * 128 + y) * 128 + x2 - 1]!);
        return t;
      };
      const ratio = tv(b.flow) / tv(a.flow);
      assert.ok(ratio < 0.6, `flowBlur smooths the learned flow (TV ratio ${ratio})`);
      // an untrained head still returns the photo
      const untrained = new FlowGenerator({ ...base, contentColour: true, flowBlur: 1 });
      // (the identity warp at 128 px rounds within 3e-5)
      assert.ok(maxAbs(untrained.edit(x, target, own).fake, x) < 1e-4, 'untrained: the photo');
      untrained.dispose();
    });
    plain.dispose();
    confined.dispose();
    mouthOnly.dispose();
    eyesOnly.dispose();
    assert.throws(() => new FlowGenerator({ ...config, contentColour: true }), /contentColour needs colour 'luma'/);
    assert.throws(
      () => new FlowGenerator({ ...base, contentColour: 'lips' as 'mouth' }),
      /must be true, false, 'mouth', 'eyes' or 'boxes'/,
    );
    assert.throws(() => new FlowGenerator({ ...config, flowBlur: 1 }), /flowBlur needs/);
    assert.throws(() => new FlowGenerator({ ...base, flowBlur: 0.5 }), /non-negative integer/);
  }));
