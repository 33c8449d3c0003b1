import assert from 'node:assert/strict';
import { it } from 'node:test';
import { contentRegion } from '../../../face/content-region.js';
import { abs, copy_, manualSeed, mul, noGrad, rand, scope, sub, tensor } from '../../../torch/index.js';
import { EXEMPLAR_MOUTHS } from './exemplar-mouths-data.js';
import { LIGHTNESS_BOX, MOUTH_BOX } from './exemplar-mouth-boxes.js';
import { exemplarMouths } from './exemplar-mouths.js';
import { FlowGenerator } from './flow-generator.js';
import { FLOW_CHANGE_128 } from '../../../../tests/support/flow-configs.js';

it('exemplar mouths: photographed pixels inside the mouth box only, the mouth region inside the box, a light kernel that averages', () => {
  const { count, relativeLight, lightKernel } = exemplarMouths(128);
  assert.equal(count, EXEMPLAR_MOUTHS.length);
  const region = contentRegion(128, 'mouth');
  const inBox = (i: number) => {
    const [x, y] = [i % 128, Math.floor(i / 128)];
    return (
      x >= MOUTH_BOX.x && x < MOUTH_BOX.x + MOUTH_BOX.width && y >= MOUTH_BOX.y && y < MOUTH_BOX.y + MOUTH_BOX.height
    );
  };
  region.forEach((v, i) => assert.ok(v === 0 || inBox(i), `mouth pixel ${i} outside the box`));
  for (let e = 0; e < count; e++)
    for (let i = 0; i < 128 * 128; i++) {
      const v = relativeLight[(e * 3 + 1) * 128 * 128 + i]!;
      if (!inBox(i)) assert.equal(v, 0);
    }
  // a photographed mouth: teeth near white, a dark gap, so a wide spread of light
  const green = relativeLight.subarray(128 * 128, 2 * 128 * 128).filter((v) => v > 0);
  assert.ok(Math.max(...green) - Math.min(...green) > 1, 'the teeth exemplar spans light and dark');
  const sum = lightKernel.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-5, `the light kernel averages (${sum})`);
  assert.equal(lightKernel.filter((v) => v > 0).length, 3 * LIGHTNESS_BOX.width * LIGHTNESS_BOX.height);
});

it('mouthExemplars: untrained, the photo comes back; a mask at 1 shows the exemplar in the photo’s light; nothing changes outside the mouth', () =>
  scope(() =>
    noGrad(() => {
      const base = { ...FLOW_CHANGE_128, colour: 'luma' as const };
      manualSeed(3);
      const G = new FlowGenerator({ ...base, mouthExemplars: true });
      const x = sub(mul(rand([1, 3, 128, 128]), 2), 1);
      const own = mul(rand([1, 17]), 0.3);
      const target = tensor(new Float32Array(17).fill(0.9), [1, 17]);
      const untrained = G.forward(x, target, own);
      const d0 = abs(sub(untrained.fake, x))
        .data()
        .reduce((m, v) => Math.max(m, v), 0);
      assert.ok(d0 < 1e-4, `untrained: the photo (${d0})`);
      // exemplar 0's fields positive for every AU (its channels are au · count + 0): the decoder's features are
      // ReLU outputs, so the masks saturate at 1 wherever a feature is on
      const w = G.mouthReg!.namedParameters()[0]![1];
      const { count } = exemplarMouths(128);
      const host = new Float32Array(w.shape.reduce((a, b) => a * b, 1));
      const per = host.length / (17 * count);
      for (let k = 0; k < 17; k++) for (let j = 0; j < per; j++) host[k * count * per + j] = 5;
      copy_(w, tensor(host, w.shape));
      const shown = G.forward(x, target, own);
      const region = contentRegion(128, 'mouth');
      const alpha = shown.mouthAlpha!.data();
      const [fake, painted] = [shown.fake.data(), untrained.fake.data()];
      const { relativeLight, lightKernel } = exemplarMouths(128);
      const xs = x.data();
      const light = lightKernel.reduce((a, k, i) => a + (k * (xs[i]! + 1)) / 2, 0);
      let [outside, checked, worst] = [0, 0, 0];
      for (let i = 0; i < region.length; i++) {
        if (region[i] === 0)
          for (let c = 0; c < 3; c++)
            outside = Math.max(outside, alpha[i]!, Math.abs(fake[c * 128 * 128 + i]! - painted[c * 128 * 128 + i]!));
        if (region[i] === 1 && alpha[i] === 1) {
          checked++;
          for (let c = 0; c < 3; c++) {
            const want = 2 * Math.min(1, relativeLight[c * 128 * 128 + i]! * light) - 1;
            worst = Math.max(worst, Math.abs(fake[c * 128 * 128 + i]! - want));
          }
        }
      }
      assert.equal(outside, 0, 'nothing shows or changes outside the mouth');
      assert.ok(checked > 500, `the mask is 1 over most of the mouth (${checked} pixels)`);
      assert.ok(worst < 1e-5, `there, the exemplar in the photo's light (${worst})`);
      G.dispose();
      assert.throws(
        () => new FlowGenerator({ ...base, colour: true, mouthExemplars: true }),
        /mouthExemplars needs colour 'luma'/,
      );
    }),
  ));
