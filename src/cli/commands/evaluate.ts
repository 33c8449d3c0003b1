import { GanimateError } from '../../errors.js';
import { loadFaceDataset } from '../../data/face-dataset.js';
import { evaluateEdits } from '../../infer/evaluate-edits.js';
import { type Command, MODEL_OPTIONS } from '../command.js';
import { number, openEditor } from '../models.js';
import { Progress } from '../progress.js';

export const evaluate: Command = {
  name: 'eval',
  summary: "score a model's edits on a dataset's test split: AU error, identity, and the do-nothing baseline",
  usage: 'ganimate eval --model G.onnx --estimator AU.onnx --data DIR [--samples 500] [--seed 0]',
  options: {
    data: { type: 'string', help: 'dataset folder whose test split is edited' },
    samples: { type: 'string', help: 'number of test faces', default: '500' },
    seed: { type: 'string', help: 'seed of the random targets', default: '0' },
    ...MODEL_OPTIONS,
  },
  examples: ['ganimate eval --model models/ganimation-generator.onnx --estimator au-estimator-separate.onnx --data ../shared/datasets/faces128'],
  async run(v) {
    if (!v.data) throw new GanimateError('eval needs --data <dataset folder>');
    const data = loadFaceDataset(v.data as string);
    const editor = await openEditor(v, true);
    try {
      const samples = number(v.samples, 'samples', 1, 1e6);
      const progress = new Progress(Math.min(samples, data.test.length), 'eval', 'faces');
      const s = await evaluateEdits(editor, data, { samples, seed: number(v.seed, 'seed', 0, 2 ** 31), onProgress: () => progress.tick() });
      const f = (x: number) => x.toFixed(3);
      const text = [
        `${s.samples} test faces of ${v.data}, targets from other test faces (seed ${s.seed})`,
        `                 AU error (raw, mean)   identity distance (mean)   same person (< 0.6)`,
        `  edit           ${f(s.auError.mean).padEnd(22)} ${f(s.identity.mean).padEnd(26)} ${(100 * s.identity.samePersonShare).toFixed(1)}%`,
        `  do nothing     ${f(s.doNothing.auError.mean).padEnd(22)} ${f(s.doNothing.identity.mean).padEnd(26)} 100.0%`,
        `  AU error relative to doing nothing: ${f(s.auError.mean / s.doNothing.auError.mean)}`,
      ].join('\n');
      return { text, json: s };
    } finally {
      await editor.dispose();
    }
  },
};
