import { mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { GanimateError } from '../../errors.js';
import { readTorchCheckpoint } from '../../nn/pytorch/checkpoint.js';
import { writeSafetensors } from '../../nn/safetensors.js';
import { configFromWeights } from '../../models/ganimation/networks/config-from-weights.js';
import type { Command } from '../command.js';
import { number } from '../number-option.js';

export const convert: Command = {
  name: 'convert',
  usage: 'ganimate convert net_epoch_30_id_G.pth [--image-size 128] [-o DIR]',
  options: {
    out: { type: 'string', short: 'o', help: 'output folder', default: '.' },
    'image-size': {
      type: 'string',
      help: "the generator's training image size (not stored in its weights)",
      default: '128',
    },
  },
  examples: [
    'ganimate convert net_epoch_30_id_G.pth -o models/ && ganimate edit me.jpg --emotion happy --model models/net_epoch_30_id_G.onnx -o out.jpg',
  ],
  async run(v, [input]) {
    if (!input) throw new GanimateError('convert needs a .pth checkpoint');
    const { tensors, format } = readTorchCheckpoint(input);
    const { kind, config } = configFromWeights(tensors, number(v['image-size'], 'image-size', 16, 4096));
    const out = v.out as string;
    mkdirSync(out, { recursive: true });
    const base = join(out, basename(input, extname(input)));
    writeSafetensors(`${base}.safetensors`, tensors, { kind, config: JSON.stringify(config), source: basename(input) });
    const files = [`${base}.safetensors`];
    let onnx = 'written';
    try {
      // ONNX is traced from the model code, which needs the libtorch engine
      const [{ Generator, Critic }, { generatorGraph, auEstimatorGraph }, { writeOnnx }] = await Promise.all([
        import('../../models/ganimation/networks/index.js'),
        import('../../models/ganimation/export-ganimation.js'),
        import('../../onnx/write-onnx.js'),
      ]);
      const model = kind === 'generator' ? new Generator(config) : new Critic(config);
      model.loadStateDict(tensors, input);
      writeOnnx(
        `${base}.onnx`,
        kind === 'generator'
          ? generatorGraph(model as InstanceType<typeof Generator>)
          : auEstimatorGraph(model as InstanceType<typeof Critic>),
      );
      model.dispose();
      files.push(`${base}.onnx`);
    } catch (e) {
      if ((e as Error).name !== 'EngineMissingError') throw e;
      onnx = `not written: ${(e as Error).message}`;
    }
    const text = `${input} (${format} format): a ${kind} ${JSON.stringify(config)}\n${files.map((f) => `  -> ${f}`).join('\n')}${onnx === 'written' ? '' : `\n  ONNX ${onnx}`}`;
    return { text, json: { input, format, kind, config, files, onnx } };
  },
};
