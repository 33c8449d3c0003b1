import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { WeightsMismatchError } from '../errors.js';
import { Generator } from '../models/ganimation/networks/index.js';
import { manualSeed } from '../torch/index.js';
import { generatorGraph } from '../models/ganimation/export-ganimation.js';
import { serializeModel } from '../runtime/onnx-graph.js';
import { parseOnnxModel } from './read-model.js';
import { recoverStateDict } from './recover-weights.js';

describe('reading a generator back from the ONNX graph ganimate exported', () => {
  manualSeed(5);
  const G = new Generator({ imageSize: 32, gConvDim: 8, gRepeatNum: 2, dRepeatNum: 5 });
  after(() => G.dispose());
  const file = parseOnnxModel(serializeModel(generatorGraph(G)));
  const expected = G.namedState().map(([n, t]): [string, number[]] => [n, t.shape]);

  it('the graph hides rewritten weights (split first conv, phase convs, fused heads), and every parameter comes back bit-exact', () => {
    for (const hidden of ['main.0.weight', 'img_reg.0.weight', 'attetion_reg.0.weight'])
      assert.ok(!file.initializers.has(hidden), `${hidden} is rewritten by the exporter`);
    assert.equal(file.metadata.kind, 'ganimation-generator');
    const state = recoverStateDict(file.initializers, expected, 'g.onnx');
    const want = G.stateDict();
    assert.deepEqual([...state.keys()].sort(), [...want.keys()].sort());
    for (const [n, t] of want) {
      assert.deepEqual(state.get(n)!.shape, t.shape, n);
      assert.deepEqual(state.get(n)!.data, t.data, n);
    }
  });

  it('a missing piece is an error that names the parameter', () => {
    const inits = new Map(file.initializers);
    for (const k of [...inits.keys()]) if (k.endsWith('_phase10_weight')) inits.delete(k);
    assert.throws(
      () => recoverStateDict(inits, expected, 'g.onnx'),
      (e: Error) => e instanceof WeightsMismatchError && /main\.11\.weight \[32,16,4,4\]/.test(e.message),
    );
  });

  it('a graph of another width is not forced into this generator', () => {
    const wide = expected.map(([n, s]): [string, number[]] => [n, s.map((d) => (d === 8 ? 12 : d))]);
    assert.throws(() => recoverStateDict(file.initializers, wide, 'g.onnx'), WeightsMismatchError);
  });
});
