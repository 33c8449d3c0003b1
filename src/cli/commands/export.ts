import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GanimateError } from '../../errors.js';
import type { Command } from '../command.js';

export const exportCommand: Command = {
  name: 'export',
  summary: 'turn trained GANimation weights (safetensors) into ONNX models for the other commands (needs the libtorch engine)',
  usage: 'ganimate export --generator G.safetensors [--critic D.safetensors] [--config \'{"gConvDim":64}\'] -o models/',
  options: {
    generator: { type: 'string', help: 'generator weights (PyTorch state-dict names)' },
    critic: { type: 'string', help: 'critic weights; its AU head becomes au-estimator.onnx' },
    config: { type: 'string', help: 'model configuration as JSON (default: the paper’s)', default: '{}' },
    out: { type: 'string', short: 'o', help: 'output folder', default: 'models' },
  },
  async run(v) {
    if (!v.generator && !v.critic) throw new GanimateError('export needs --generator and/or --critic weights');
    let config: Record<string, number>;
    try {
      config = JSON.parse(v.config as string);
    } catch {
      throw new GanimateError(`--config is not JSON: ${v.config}`);
    }
    // the training engine is loaded only here, so every other command runs without libtorch
    const [{ Generator, Critic }, { loadWeights }, { generatorGraph, auEstimatorGraph, writeOnnx }] = await Promise.all([
      import('../../networks/ganimation/index.js'),
      import('../../nn/weights.js'),
      import('../../onnx/index.js'),
    ]);
    mkdirSync(v.out as string, { recursive: true });
    const written: Record<string, number> = {};
    if (v.generator) {
      const G = new Generator(config);
      loadWeights(G, v.generator as string);
      written['ganimation-generator.onnx'] = writeOnnx(join(v.out as string, 'ganimation-generator.onnx'), generatorGraph(G));
      G.dispose();
    }
    if (v.critic) {
      const D = new Critic(config);
      loadWeights(D, v.critic as string);
      written['au-estimator.onnx'] = writeOnnx(join(v.out as string, 'au-estimator.onnx'), auEstimatorGraph(D));
      D.dispose();
    }
    return { text: Object.entries(written).map(([f, n]) => `${join(v.out as string, f)} (${(n / 1e6).toFixed(1)} MB)`).join('\n'), json: { output: v.out, files: written } };
  },
};
