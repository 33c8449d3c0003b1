import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GanimateError } from '../../errors.js';
import { readRun } from '../../train/run-folder.js';
import type { Command } from '../command.js';

export const exportCommand: Command = {
  name: 'export',
  usage:
    'ganimate export (--run runs/00000-default | --generator G.safetensors [--critic D.safetensors] [--config JSON]) [--dead-zone 0.1] [-o models/]',
  options: {
    run: { type: 'string', help: 'a finished training run folder: its G and D weights and model configuration' },
    generator: { type: 'string', help: 'generator weights (PyTorch state-dict names)' },
    critic: { type: 'string', help: 'critic weights; its AU head becomes au-estimator.onnx' },
    config: { type: 'string', help: 'model configuration as JSON (default: the paper’s)', default: '{}' },
    out: { type: 'string', short: 'o', help: 'output folder', default: 'models' },
    'dead-zone': {
      type: 'string',
      help: "flow generators told the change: changes (normalised, raw/5) up to this are not acted on, from twice it fully (default: training's 0.1)",
    },
  },
  async run(v) {
    let config: Record<string, number>;
    if (v.run) {
      const run = v.run as string;
      config = readRun(run).options.model as Record<string, number>;
      if (!existsSync(join(run, 'G.safetensors')))
        throw new GanimateError(
          `${run} has no G.safetensors: the run has not finished (resume it with \`ganimate train --resume ${run}\`)`,
        );
      v.generator = join(run, 'G.safetensors');
      v.critic = join(run, 'D.safetensors');
    } else {
      if (!v.generator && !v.critic)
        throw new GanimateError('export needs --run, or --generator and/or --critic weights');
      try {
        config = JSON.parse(v.config as string);
      } catch {
        throw new GanimateError(`--config is not JSON: ${v.config}`);
      }
    }
    // the training engine is loaded only here, so every other command runs without libtorch
    const [{ createGenerator, Critic }, { loadWeights }, { generatorGraph, auEstimatorGraph }, { writeOnnx }] =
      await Promise.all([
        import('../../models/ganimation/networks/index.js'),
        import('../../nn/weights.js'),
        import('../../models/ganimation/export-ganimation.js'),
        import('../../onnx/write-onnx.js'),
      ]);
    mkdirSync(v.out as string, { recursive: true });
    const written: Record<string, number> = {};
    if (v.generator) {
      const G = createGenerator(config);
      loadWeights(G, v.generator as string);
      if (v['dead-zone'] !== undefined) {
        const dz = Number(v['dead-zone']);
        if (!('deadZone' in G) || G.config.conditioning !== 'change' || !(dz >= 0 && dz <= 0.5))
          throw new GanimateError(
            `--dead-zone needs a flow generator told the change and a number from 0 to 0.5, got ${v['dead-zone']}`,
          );
        G.deadZone = dz;
      }
      written['ganimation-generator.onnx'] = writeOnnx(
        join(v.out as string, 'ganimation-generator.onnx'),
        generatorGraph(G),
      );
      G.dispose();
    }
    if (v.critic) {
      const D = new Critic(config);
      loadWeights(D, v.critic as string);
      written['au-estimator.onnx'] = writeOnnx(join(v.out as string, 'au-estimator.onnx'), auEstimatorGraph(D));
      D.dispose();
    }
    return {
      text: Object.entries(written)
        .map(([f, n]) => `${join(v.out as string, f)} (${(n / 1e6).toFixed(1)} MB)`)
        .join('\n'),
      json: { output: v.out, files: written },
    };
  },
};
