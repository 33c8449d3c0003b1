// ONNX graphs of GANimation traced from the same TypeScript modules that train: the generator
// (image + AUs -> colour, attention, composed image) and the critic's AU head (an AU estimator).
import { type Critic, type EditingGenerator, FlowGenerator, photoKeepMask } from './networks/index.js';
import { keep, mul, rand, sub, type Tensor } from '../../torch/index.js';
import type { OnnxGraph } from '../../runtime/onnx-graph.js';
import { trace } from '../../onnx/trace.js';

/** Sample batch for tracing: 2, so that no size-1 dimension is mistaken for the batch. */
const SAMPLE_BATCH = 2;

function sampleImage(size: number) {
  return keep(sub(mul(rand([SAMPLE_BATCH, 3, size, size]), 2), 1));
}

/** Inputs `image` [batch, 3, S, S] in [-1, 1] and `aus` [batch, cDim] (raw / 5); outputs `color`, `attention`,
 * `composed`, so that A·I + (1 − A)·C pastes the edit into a photo. Paint family: C and A are the generator's,
 * composed = A·I + (1 − A)·C. Flow family: C = composed = the edit, A = where it leaves the input as it was
 * (photoKeepMask), and `flow` as well; conditioning 'change' also gives `own_aus` [batch, cDim], the face's own AUs
 * as the generator read them (raw / 5). */
export function generatorGraph(G: EditingGenerator): OnnxGraph {
  const { imageSize, cDim } = G.config;
  const image = sampleImage(imageSize);
  const aus = keep(rand([SAMPLE_BATCH, cDim]));
  try {
    return trace({
      name: 'ganimation_generator',
      inputs: [
        ['image', image],
        ['aus', aus],
      ],
      params: G.namedParameters(),
      run: (): Record<string, Tensor> => {
        const e = G.edit(image, aus);
        if (!(G instanceof FlowGenerator)) return { color: e.color, attention: e.attention, composed: e.fake };
        const flow = { color: e.fake, attention: photoKeepMask(image, e.fake), composed: e.fake, flow: e.flow! };
        return e.ownAus ? { ...flow, own_aus: e.ownAus } : flow;
      },
      metadata: { kind: 'ganimation-generator', config: JSON.stringify(G.config), aus_scale: 'raw/5' },
    });
  } finally {
    image.dispose();
    aus.dispose();
  }
}

/** Input `image` [batch, 3, S, S] in [-1, 1]; output `aus` [batch, cDim] on the raw/5 scale. */
export function auEstimatorGraph(D: Critic): OnnxGraph {
  const image = sampleImage(D.config.imageSize);
  try {
    return trace({
      name: 'ganimation_au_estimator',
      inputs: [['image', image]],
      params: D.namedParameters(),
      run: () => ({ aus: D.forward(image).aus }),
      metadata: { kind: 'ganimation-au-estimator', config: JSON.stringify(D.config), aus_scale: 'raw/5' },
    });
  } finally {
    image.dispose();
  }
}
