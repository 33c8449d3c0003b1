// Small random-weight GANimation models as ONNX files, for tests of the inference side.
import { join } from 'node:path';
import { Critic, FlowGenerator, Generator, type GANimationConfig } from '../../src/models/ganimation/networks/index.js';
import { auEstimatorGraph, generatorGraph } from '../../src/models/ganimation/export-ganimation.js';
import { writeOnnx } from '../../src/onnx/write-onnx.js';
import { manualSeed } from '../../src/torch/index.js';

export const SMALL_128: Partial<GANimationConfig> = {
  imageSize: 128,
  gConvDim: 8,
  gRepeatNum: 1,
  dConvDim: 8,
  dRepeatNum: 6,
};

export function writeRandomModels(dir: string, config = SMALL_128, seed = 5): { generator: string; estimator: string } {
  manualSeed(seed);
  const G = new Generator(config);
  const D = new Critic(config);
  const paths = { generator: join(dir, 'generator.onnx'), estimator: join(dir, 'au-estimator.onnx') };
  writeOnnx(paths.generator, generatorGraph(G));
  writeOnnx(paths.estimator, auEstimatorGraph(D));
  G.dispose();
  D.dispose();
  return paths;
}

/** An untrained flow generator: it returns its input, so its eval must read as the do-nothing edit's. */
export function writeIdentityFlowModel(dir: string, config = SMALL_128): string {
  const G = new FlowGenerator(config);
  const path = join(dir, 'identity-flow.onnx');
  writeOnnx(path, generatorGraph(G));
  G.dispose();
  return path;
}
