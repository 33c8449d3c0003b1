// Reads a GANimation configuration off a state dict's shapes, so that published checkpoints load
// without the user knowing how they were trained. Pure: needs no engine.
import { InvalidOptionError } from '../../../errors.js';
import { type GANimationConfig, resolveConfig } from './config.js';

type Shapes = Map<string, { shape: number[] }>;

export type ModelKind = 'generator' | 'critic';

export function kindOf(state: Shapes): ModelKind {
  if (state.has('img_reg.0.weight') && state.has('attetion_reg.0.weight')) return 'generator';
  if (state.has('conv1.weight') && state.has('conv2.weight')) return 'critic';
  throw new InvalidOptionError(
    'these weights are neither a GANimation generator (img_reg, attetion_reg) nor a critic (conv1, conv2)',
  );
}

/** The generator's image size is not in its weights (it is fully convolutional): pass it. */
export function configFromWeights(state: Shapes, imageSize = 128): { kind: ModelKind; config: GANimationConfig } {
  const kind = kindOf(state);
  const shape = (k: string) => state.get(k)!.shape;
  if (kind === 'generator') {
    const [w, inC] = shape('main.0.weight') as [number, number];
    const blocks = new Set([...state.keys()].map((k) => /^main\.(\d+)\.main\./.exec(k)?.[1]).filter(Boolean)).size;
    return {
      kind,
      config: resolveConfig({ imageSize, cDim: inC - 3, gConvDim: w, gRepeatNum: blocks, dRepeatNum: 1 }),
    };
  }
  const convs = [...state.keys()].filter((k) => /^main\.\d+\.weight$/.test(k)).length;
  const [cDim, , k] = shape('conv2.weight') as [number, number, number];
  return {
    kind,
    config: resolveConfig({ imageSize: k * 2 ** convs, cDim, dConvDim: shape('main.0.weight')[0]!, dRepeatNum: convs }),
  };
}
