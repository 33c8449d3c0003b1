// The flow family through the same tracer: ONNX Runtime against libtorch, and its weights read back
// from the ONNX exactly (so `--init-g` can continue an exported flow generator).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { FlowGenerator, photoKeepMask } from './networks/index.js';
import { OnnxModel } from '../../runtime/onnx-model.js';
import { loadInitialGenerator } from './initial-generator.js';
import {
  interpolate,
  manualSeed,
  mul,
  noGrad,
  normal_,
  rand,
  scope,
  sub,
  tensor,
  type Tensor,
} from '../../torch/index.js';
import { readImage } from '../../image/image-io.js';
import { toChw } from '../../image/rgb-image.js';
import { generatorGraph } from './export-ganimation.js';
import { writeOnnx } from '../../onnx/write-onnx.js';
import { serializeModel } from '../../runtime/onnx-graph.js';

const FACES = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'datasets', 'faces128');
const config = { generator: 'flow' as const, imageSize: 32, gConvDim: 8, gRepeatNum: 2, dConvDim: 8, dRepeatNum: 5 };
const host = (t: Tensor) => ({ data: t.data(), dims: t.shape });
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

it('flow generator: ONNX Runtime gives libtorch’s edit, flow and keep mask within 1e-4; its weights read back exactly', async () => {
  manualSeed(5);
  const G = new FlowGenerator(config);
  // trained-looking heads: a flow of a few pixels and some colour
  noGrad(() => {
    for (const [n, p] of G.namedParameters())
      if (n === 'flow_reg.weight' || n === 'img_reg.weight') normal_(p, 0, 0.05);
  });
  const path = join(mkdtempSync(join(tmpdir(), 'ganimate-flow-')), 'g.onnx');
  writeOnnx(path, generatorGraph(G));
  const model = await OnnxModel.load(path);
  assert.deepEqual([...model.outputNames].sort(), ['attention', 'color', 'composed', 'flow']);
  const [image, aus] = [sub(mul(rand([3, 3, 32, 32]), 2), 1), rand([3, 17])];
  const out = await model.run({ image: host(image), aus: host(aus) });
  scope(() =>
    noGrad(() => {
      const e = G.edit(image, aus);
      const want = { composed: e.fake, color: e.fake, flow: e.flow!, attention: photoKeepMask(image, e.fake) };
      for (const [k, t] of Object.entries(want)) {
        assert.deepEqual(out[k]!.dims, t.shape, k);
        assert.ok(maxDiff(out[k]!.data, t.data()) <= 1e-4, `${k}: ${maxDiff(out[k]!.data, t.data())}`);
      }
      assert.ok(
        maxDiff(out.flow!.data, new Float32Array(out.flow!.data.length)) > 1e-3,
        'the flow is not zero (the check can fail)',
      );
    }),
  );
  await model.dispose();
  const back = new FlowGenerator(config);
  loadInitialGenerator(back, path);
  const mine = new Map(back.namedState().map(([n, t]) => [n, t.data()]));
  for (const [n, t] of G.namedState()) assert.ok(maxDiff(mine.get(n)!, t.data()) === 0, `${n} read back from the ONNX`);
  G.dispose();
  back.dispose();
});

it('flow generator without a colour head: the export keeps no decoder and matches libtorch', async () => {
  manualSeed(6);
  const G = new FlowGenerator({ ...config, colour: false });
  noGrad(() => {
    for (const [n, p] of G.namedParameters()) if (n === 'flow_reg.weight') normal_(p, 0, 0.05);
  });
  const graph = generatorGraph(G);
  assert.ok(!graph.initializers.some((t) => t.name.startsWith('up.')), 'nothing of a decoder');
  const model = await OnnxModel.load(serializeModel(graph));
  const [image, aus] = [sub(mul(rand([2, 3, 32, 32]), 2), 1), rand([2, 17])];
  const out = await model.run({ image: host(image), aus: host(aus) });
  const want = scope(() => noGrad(() => G.edit(image, aus).fake.data()));
  assert.ok(maxDiff(out.composed!.data, want) <= 1e-4);
  await model.dispose();
  G.dispose();
});

it("flow generator told the change: ONNX Runtime gives libtorch's edit and own-AU reading within 1e-4, and its weights read back exactly", async () => {
  manualSeed(7);
  const change = { ...config, colour: false, conditioning: 'change' as const };
  const G = new FlowGenerator(change);
  noGrad(() => {
    for (const [n, p] of G.namedParameters()) if (n === 'flow_reg.weight') normal_(p, 0, 0.05);
  });
  const path = join(mkdtempSync(join(tmpdir(), 'ganimate-change-')), 'g.onnx');
  writeOnnx(path, generatorGraph(G));
  const model = await OnnxModel.load(path);
  assert.deepEqual([...model.outputNames].sort(), ['attention', 'color', 'composed', 'flow', 'own_aus']);
  const [image, aus] = [sub(mul(rand([3, 3, 32, 32]), 2), 1), rand([3, 17])];
  const out = await model.run({ image: host(image), aus: host(aus) });
  scope(() =>
    noGrad(() => {
      const e = G.edit(image, aus);
      for (const [k, t] of Object.entries({ composed: e.fake, flow: e.flow!, own_aus: e.ownAus! })) {
        assert.deepEqual(out[k]!.dims, t.shape, k);
        assert.ok(maxDiff(out[k]!.data, t.data()) <= 1e-4, `${k}: ${maxDiff(out[k]!.data, t.data())}`);
      }
      assert.ok(
        maxDiff(out.flow!.data, new Float32Array(out.flow!.data.length)) > 1e-3,
        'the flow is not zero (the check can fail)',
      );
    }),
  );
  await model.dispose();
  const back = new FlowGenerator(change);
  loadInitialGenerator(back, path);
  const mine = new Map(back.namedState().map(([n, t]) => [n, t.data()]));
  for (const [n, t] of G.namedState()) assert.ok(maxDiff(mine.get(n)!, t.data()) === 0, `${n} read back from the ONNX`);
  G.dispose();
  back.dispose();
});

/** ONNX Runtime's edit of G on n random images of size × size against libtorch's: within 1e-4, and not the input. */
async function assertOnnxEdit(G: FlowGenerator, n: number, size: number): Promise<void> {
  const model = await OnnxModel.load(serializeModel(generatorGraph(G)));
  const [image, aus] = [sub(mul(rand([n, 3, size, size]), 2), 1), rand([n, 17])];
  const out = await model.run({ image: host(image), aus: host(aus) });
  const want = scope(() => noGrad(() => G.edit(image, aus).fake.data()));
  assert.ok(maxDiff(out.composed!.data, want) <= 1e-4, `${maxDiff(out.composed!.data, want)}`);
  assert.ok(maxDiff(out.composed!.data, image.data()) > 1e-2, 'the edit changed the image (the check can fail)');
  await model.dispose();
}

it('flow generator told the change, with colour: ONNX Runtime gives libtorch’s edit within 1e-4', async () => {
  manualSeed(9);
  const G = new FlowGenerator({ ...config, conditioning: 'change' });
  noGrad(() => {
    for (const [n, p] of G.namedParameters())
      if (n === 'flow_reg.weight' || n === 'img_reg.weight') normal_(p, 0, 0.05);
  });
  await assertOnnxEdit(G, 2, 32);
  G.dispose();
});

it('flow generator painting its lightness before the warp: ONNX Runtime gives libtorch’s edit within 1e-4', async () => {
  manualSeed(11);
  const G = new FlowGenerator({ ...config, conditioning: 'change', colour: 'luma', colourBeforeWarp: true });
  noGrad(() => {
    for (const [n, p] of G.namedParameters()) if (n === 'flow_reg.weight' || n === 'img_reg.weight') normal_(p, 0, 0.1);
  });
  await assertOnnxEdit(G, 2, 32);
  G.dispose();
});

it('flow generator painting a low-passed lightness, brightening at a quarter, before the warp: ONNX Runtime gives libtorch’s edit within 1e-4', async () => {
  manualSeed(14);
  const G = new FlowGenerator({
    ...config,
    conditioning: 'change',
    colour: 'luma',
    colourBeforeWarp: true,
    colourBlur: 2,
    brightening: 0.25,
  });
  noGrad(() => {
    for (const [n, p] of G.namedParameters()) if (n === 'flow_reg.weight' || n === 'img_reg.weight') normal_(p, 0, 0.1);
  });
  await assertOnnxEdit(G, 2, 32);
  G.dispose();
});

it('flow generator with a warp refiner, its lightness low-passed along the rows: ONNX Runtime gives libtorch’s edit within 1e-4', async () => {
  manualSeed(15);
  const G = new FlowGenerator({ ...config, conditioning: 'change', colour: 'luma', refiner: true, rowBlur: 2 });
  noGrad(() => {
    for (const [n, p] of G.namedParameters())
      if (n === 'flow_reg.weight' || n === 'img_reg.weight' || n.startsWith('refiner.out.')) normal_(p, 0, 0.1);
  });
  await assertOnnxEdit(G, 2, 32);
  G.dispose();
});

it('flow generator with both priors, learned colour in the eyes and mouth and a low-passed learned flow held less about the eyes: ONNX Runtime gives libtorch’s edit within 1e-4', async () => {
  manualSeed(10);
  // at the template's 128 pixels, where the priors and the content region are drawn
  const G = new FlowGenerator({
    ...config,
    imageSize: 128,
    conditioning: 'change',
    colour: 'luma',
    motionPrior: true,
    shadingPrior: true,
    contentColour: true,
    flowBlur: 1,
    learnedEyeFlow: 0.5,
  });
  noGrad(() => {
    for (const [n, p] of G.namedParameters())
      if (n === 'flow_reg.weight' || n === 'img_reg.weight') normal_(p, 0, 0.05);
  });
  await assertOnnxEdit(G, 1, 128);
  G.dispose();
});

for (const [landmarkFlow, freeUpperLandmarks, exact] of [
  [true, false, false],
  ['prior', false, false],
  ['modes', true, false],
  ['modes', 'lower-lids', true],
] as const)
  it(`flow generator whose learned flow moves the landmarks (landmarkFlow ${landmarkFlow}${freeUpperLandmarks ? ', free brows and eyes, lids limited' : ''}${exact ? ', motion inverted, eye anchors, corners held' : ''}): ONNX Runtime gives libtorch’s flow and edit within 1e-4`, async () => {
    manualSeed(12);
    const G = new FlowGenerator({
      ...config,
      imageSize: 128,
      conditioning: 'change',
      colour: false,
      motionPrior: true,
      landmarkFlow,
      freeUpperLandmarks,
      // with the free brows and eyes, the eyes' opening limited too (which needs the learned flow whole about the eyes)
      lidOpeningLimit: freeUpperLandmarks ? 0.5 : -1,
      learnedEyeFlow: freeUpperLandmarks ? 1 : 0.5,
      motionInversion: exact ? 4 : 0,
      eyeAnchors: exact,
      holdEyeCorners: exact,
    });
    noGrad(() => {
      for (const [n, p] of G.namedParameters())
        if (n.startsWith('landmark_')) normal_(p, 0, landmarkFlow === true ? 0.05 : 0.02);
    });
    const model = await OnnxModel.load(serializeModel(generatorGraph(G)));
    const [image, aus] = [sub(mul(rand([2, 3, 128, 128]), 2), 1), rand([2, 17])];
    const out = await model.run({ image: host(image), aus: host(aus) });
    scope(() =>
      noGrad(() => {
        const e = G.edit(image, aus);
        for (const [k, t] of Object.entries({ flow: e.flow!, composed: e.fake }))
          assert.ok(maxDiff(out[k]!.data, t.data()) <= 1e-4, `${k}: ${maxDiff(out[k]!.data, t.data())}`);
        assert.ok(maxDiff(out.composed!.data, image.data()) > 1e-2, 'the edit changed the image (the check can fail)');
      }),
    );
    await model.dispose();
    G.dispose();
  });

it('flow generator placing exemplar mouths: ONNX Runtime gives libtorch’s edit within 1e-4, exemplars shown', async () => {
  manualSeed(13);
  const G = new FlowGenerator({
    ...config,
    imageSize: 128,
    conditioning: 'change',
    colour: 'luma',
    motionPrior: true,
    shadingPrior: true,
    contentColour: true,
    mouthExemplars: true,
  });
  noGrad(() => {
    for (const [n, p] of G.namedParameters())
      if (n === 'flow_reg.weight' || n === 'img_reg.weight' || n === 'mouth_reg.weight') normal_(p, 0, 0.05);
  });
  const model = await OnnxModel.load(serializeModel(generatorGraph(G)));
  // a smooth photo (noise at 32 px, upsampled): pixel noise at 128 px turns the samplers' last-bit differences in
  // position into 1e-4 of value
  const image = interpolate(sub(mul(rand([1, 3, 32, 32]), 2), 1), [128, 128], 'bilinear', false);
  const aus = rand([1, 17]);
  const out = await model.run({ image: host(image), aus: host(aus) });
  const { want, shown } = scope(() =>
    noGrad(() => {
      const o = G.forward(image, aus);
      return { want: o.fake.data(), shown: o.mouthAlpha!.data().reduce((m, v) => Math.max(m, v), 0) };
    }),
  );
  assert.ok(shown > 0.5, `an exemplar shows somewhere (the check can fail): α up to ${shown}`);
  assert.ok(maxDiff(out.composed!.data, want) <= 1e-4, `${maxDiff(out.composed!.data, want)}`);
  await model.dispose();
  G.dispose();
});

it('flow generator placing donor mouths: ONNX Runtime gives libtorch’s choice and blend within 1e-4; none for its own AUs', async () => {
  const G = new FlowGenerator({ ...config, imageSize: 128, conditioning: 'change', colour: 'luma', mouthDonors: true });
  const model = await OnnxModel.load(serializeModel(generatorGraph(G)));
  // a real test crop (the donors are matched on its light, moustache and beard), no flow: the blend alone differs
  const crop = await readImage(join(FACES, 'imgs', 'utk_100_0_0_20170112213500903.jpg'));
  const image = sub(mul(tensor(toChw(crop), [1, 3, 128, 128]), 2 / 255), 1);
  const happy = tensor(
    [0, 0, 0, 0, 2.5, 0, 0, 0, 3.5, 0, 0, 0, 0, 0, 0, 0, 0].map((v) => v / 5),
    [1, 17],
  );
  const out = await model.run({ image: host(image), aus: host(happy) });
  const { want, shown, still } = scope(() =>
    noGrad(() => {
      const o = G.forward(image, happy);
      const own = G.forward(image, happy, happy);
      const most = (t: Tensor) => t.data().reduce((m, v) => Math.max(m, v), 0);
      return { want: o.fake.data(), shown: most(o.donorAlpha!), still: most(own.donorAlpha!) };
    }),
  );
  assert.equal(shown, 1, 'a smile asked of a face that shows none: the donor mouth fully in at the mask’s centre');
  assert.equal(still, 0, 'asked for its own AUs: no donor');
  assert.ok(maxDiff(out.composed!.data, want) <= 1e-4, `${maxDiff(out.composed!.data, want)}`);
  await model.dispose();
  G.dispose();
});
