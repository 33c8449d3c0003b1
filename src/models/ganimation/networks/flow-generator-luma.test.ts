// The flow generator's learned lightness (colour 'luma') and how it is shaped: one field per AU for R, G and B alike,
// painted before the warp, low-passed (colourBlur; rowBlur along the rows), and bounded in how far it may brighten
// (brightening).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  abs,
  add,
  amax,
  clamp,
  manualSeed,
  mean,
  noGrad,
  normal_,
  rand,
  scope,
  sub,
  type Tensor,
} from '../../../torch/index.js';
import { warp } from '../../../nn/warp.js';
import { FLOW_32 as config } from '../../../../tests/support/flow-configs.js';
import { maxAbs, randomImages as image } from '../../../../tests/support/tensor-cases.js';
import { FlowGenerator } from './flow-generator.js';
import type { GANimationConfig } from './config.js';
import { blurRows } from './gaussian-blur.js';

/** A lightness generator told the change, its colour head's weights drawn (seed 12) so that it paints. */
const lumaGenerator = (options: Partial<GANimationConfig>): FlowGenerator => {
  manualSeed(12);
  const G = new FlowGenerator({ ...config, conditioning: 'change', colour: 'luma', ...options });
  noGrad(() => {
    for (const [n, p] of G.namedParameters()) if (n === 'img_reg.weight') normal_(p, 0, 0.5);
  });
  return G;
};

it("colour 'luma': one lightness field per AU, the same for R, G and B (no new hue), bounded, nothing for the face's own AUs", () =>
  scope(() => {
    manualSeed(9);
    const G = new FlowGenerator({ ...config, conditioning: 'change', colour: 'luma' });
    assert.deepEqual(
      G.namedParameters().find(([n]) => n === 'img_reg.weight')![1].shape,
      [17, 8, 3, 3],
      'one channel per AU',
    );
    assert.throws(
      () => new FlowGenerator({ ...config, colour: 'luma' }),
      /colour 'luma' needs generator 'flow' with conditioning 'change'/,
    );
    noGrad(() => {
      for (const [n, p] of G.namedParameters()) if (n === 'img_reg.weight') normal_(p, 0, 5);
      const x = image();
      const own = clamp(G.forward(x, rand([2, 17])).ownAus!, 0, 1);
      assert.ok(maxAbs(G.edit(x, own).fake, x) < 1e-5, 'own AUs: the photo');
      const r = G.forward(x, sub(1, own)).residual;
      const [R, Gc, B] = [0, 1, 2].map((c) => r.data().filter((_, i) => Math.floor(i / 1024) % 3 === c));
      assert.ok(
        R!.some((v) => Math.abs(v) > 0.1),
        'a change adds lightness',
      );
      assert.ok(
        R!.every((v, i) => v === Gc![i] && v === B![i]),
        'R = G = B',
      );
      assert.ok(
        R!.every((v) => Math.abs(v) <= 0.5 + 1e-6),
        'bounded by ±0.5',
      );
      assert.ok(maxAbs(G.edit(x, sub(1, own)).shading!, r) === 0, 'the edit hands the loss its shading');
    });
    assert.equal(
      new FlowGenerator({ ...config, conditioning: 'change', colour: false }).edit(image(), rand([2, 17])).shading,
      undefined,
      'no colour head, no shading',
    );
    G.dispose();
  }));

it('colourBeforeWarp: the colour is painted on the photo and moves with the warp; the edit is the warped painting', () =>
  scope(() => {
    manualSeed(10);
    const G = new FlowGenerator({ ...config, conditioning: 'change', colour: 'luma', colourBeforeWarp: true });
    noGrad(() => {
      for (const [n, p] of G.namedParameters())
        if (n === 'img_reg.weight' || n === 'flow_reg.weight') normal_(p, 0, 0.5);
      const [x, aus] = [image(), rand([2, 17])];
      const o = G.forward(x, aus);
      assert.ok(amax(abs(o.flow), [0, 1, 2, 3], false).item() > 0.01, 'a flow');
      assert.ok(amax(abs(o.residual), [0, 1, 2, 3], false).item() > 0.1, 'a colour');
      assert.ok(
        maxAbs(o.fake, warp(clamp(add(x, o.residual), -1, 1), o.flow, 'border')) < 1e-5,
        'warp(photo + colour)',
      );
      assert.ok(maxAbs(o.fake, clamp(add(o.warped, o.residual), -1, 1)) > 0.05, 'not the colour on the warped photo');
      assert.ok(maxAbs(G.edit(x, aus).color, o.fake) === 0, 'the colour output is the edit');
    });
    assert.throws(
      () => new FlowGenerator({ ...config, conditioning: 'change', colourBeforeWarp: true }),
      /colourBeforeWarp needs colour 'luma'/,
    );
    G.dispose();
  }));

it('colourBlur low-passes the colour (the same weights give a smoother colour) and checks its configuration', () =>
  scope(() => {
    const make = (colourBlur: number) => lumaGenerator({ colourBeforeWarp: true, colourBlur });
    const [sharp, blurred] = [make(0), make(2)];
    noGrad(() => {
      manualSeed(13);
      const [x, aus] = [image(), rand([2, 17])];
      const [a, b] = [sharp.forward(x, aus).residual, blurred.forward(x, aus).residual];
      // mean absolute difference between horizontal neighbours: the colour's fine detail
      const detail = (t: Tensor) => {
        const v = t.data();
        let d = 0;
        for (let k = 0; k < v.length; k++) if (k % 32) d += Math.abs(v[k]! - v[k - 1]!);
        return d / v.length;
      };
      assert.ok(detail(a) > 0.01, `a colour with detail: ${detail(a)}`);
      assert.ok(detail(b) < 0.4 * detail(a), `blurred ${detail(b)} against ${detail(a)}`);
      assert.ok(Math.abs(mean(b).item() - mean(a).item()) < 0.5 * mean(abs(a)).item(), 'about the same colour overall');
    });
    sharp.dispose();
    blurred.dispose();
    assert.throws(
      () => new FlowGenerator({ ...config, conditioning: 'change', colour: false, colourBlur: 2 }),
      /colourBlur needs/,
    );
    assert.throws(
      () => new FlowGenerator({ ...config, conditioning: 'change', colour: 'luma', colourBlur: 1.5 }),
      /colourBlur must be a non-negative integer/,
    );
  }));

it('rowBlur low-passes the bounded lightness along its rows (the same weights: the row blur of the colour without it)', () =>
  scope(() => {
    const make = (rowBlur: number) => lumaGenerator({ rowBlur });
    const [sharp, rows] = [make(0), make(2)];
    noGrad(() => {
      manualSeed(13);
      const [x, aus] = [image(), rand([2, 17])];
      const [a, b] = [sharp.forward(x, aus).residual, rows.forward(x, aus).residual];
      assert.ok(maxAbs(a, b) > 0.01, 'the blur changes the colour');
      assert.ok(maxAbs(blurRows(a, 2), b) < 1e-5, `the row blur of the unblurred colour: ${maxAbs(blurRows(a, 2), b)}`);
    });
    sharp.dispose();
    rows.dispose();
    assert.throws(
      () => new FlowGenerator({ ...config, conditioning: 'change', colour: true, rowBlur: 2 }),
      /rowBlur low-passes colour 'luma'/,
    );
    assert.throws(
      () => new FlowGenerator({ ...config, conditioning: 'change', colour: 'luma', rowBlur: -1 }),
      /rowBlur must be a non-negative integer/,
    );
  }));

it('brightening bounds how far the learned lightness may brighten (the same weights: darkening kept, brightening scaled) and checks its configuration', () =>
  scope(() => {
    const make = (brightening: number) => lumaGenerator({ brightening });
    const Gs = [make(1), make(0.25), make(0)];
    noGrad(() => {
      manualSeed(13);
      const [x, aus] = [image(), rand([2, 17])];
      const [full, quarter, none] = Gs.map((G) => G.forward(x, aus).residual.data());
      let [darker, brighter] = [0, 0];
      full!.forEach((f, k) => {
        if (f < 0) {
          darker++;
          assert.ok(Math.abs(quarter![k]! - f) < 1e-6 && Math.abs(none![k]! - f) < 1e-6, `darkening kept at ${k}`);
        } else if (f > 0) {
          brighter++;
          assert.ok(Math.abs(quarter![k]! - 0.25 * f) < 1e-6, `a quarter of ${f} at ${k}: ${quarter![k]}`);
          assert.equal(none![k], 0);
        }
      });
      assert.ok(darker > 100 && brighter > 100, `both signs in the colour: ${darker} darker, ${brighter} brighter`);
    });
    for (const G of Gs) G.dispose();
    assert.throws(
      () => new FlowGenerator({ ...config, conditioning: 'change', colour: 'luma', brightening: 1.5 }),
      /brightening is a share/,
    );
    assert.throws(
      () => new FlowGenerator({ ...config, conditioning: 'change', colour: true, brightening: 0 }),
      /brightening bounds colour 'luma'/,
    );
  }));
