import { GanimateError } from '../../errors.js';
import { ATTRIBUTES } from '../../data/attribute-pairs.js';
import { loadFaceDataset } from '../../data/face-dataset.js';
import { evaluateTransfers, type TransferRow } from '../../infer/evaluate-transfers.js';
import { FaceTransfer } from '../../infer/face-transfer.js';
import type { Command } from '../command.js';
import { number, openEditor, transferModelPath } from '../models.js';
import { Progress } from '../../io/progress.js';

export const evalTransfer: Command = {
  name: 'eval-transfer',
  usage:
    'ganimate eval-transfer --data DIR [--attribute smile] [--model geogan-smile.onnx] [--estimator AU.onnx] [--samples 300]',
  options: {
    data: {
      type: 'string',
      help: 'dataset folder with AU labels; faces of its test split without the attribute get it from faces with it',
    },
    attribute: { type: 'string', help: `the attribute: ${Object.keys(ATTRIBUTES).join(', ')}`, default: 'smile' },
    model: { type: 'string', help: 'GeoGAN transfer ONNX (default: the one shipped in models/ for the attribute)' },
    estimator: {
      type: 'string',
      help: 'AU estimator ONNX that judges the result (default: the shipped one, trained apart from GeoGAN)',
    },
    samples: { type: 'string', help: 'number of target faces', default: '300' },
    seed: { type: 'string', help: 'seed of the reference choice', default: '0' },
    threads: { type: 'string', help: 'ONNX Runtime threads (0 = automatic)', default: '0' },
  },
  examples: ['ganimate eval-transfer --data ../shared/datasets/faces128 --samples 300'],
  async run(v) {
    if (!v.data) throw new GanimateError('eval-transfer needs --data <dataset folder>');
    const attribute = v.attribute as string;
    if (!ATTRIBUTES[attribute])
      throw new GanimateError(`unknown attribute "${attribute}"; use one of ${Object.keys(ATTRIBUTES).join(', ')}`);
    const file = transferModelPath(v.model as string | undefined, attribute);
    const data = loadFaceDataset(v.data as string);
    const model = await FaceTransfer.load(file, { threads: number(v.threads, 'threads', 0, 256) });
    const judge = await openEditor(
      { estimator: v.estimator, threads: v.threads, 'min-confidence': '0.5' },
      true,
      false,
    );
    try {
      const samples = number(v.samples, 'samples', 1, 1e6);
      const progress = new Progress(samples, 'eval-transfer', 'faces');
      const s = await evaluateTransfers(model, judge, data, {
        attribute,
        samples,
        seed: number(v.seed, 'seed', 0, 2 ** 31),
        onProgress: () => progress.tick(),
      });
      const f = (x: number) => x.toFixed(3);
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      const row = (name: string, r: TransferRow) =>
        `  ${name.padEnd(16)} ${f(r.auMean).padEnd(10)} ${pct(r.presentShare).padEnd(16)} ${f(r.identityMean).padEnd(20)} ${pct(r.samePersonShare)}`;
      const text = [
        `${s.samples} test faces of ${v.data} without ${attribute}, each given it by a random test face with it (seed ${s.seed})`,
        `                   ${s.au} mean   ${attribute} (${s.au} ≥ ${s.presentAt})   identity vs target   same person (< 0.6)`,
        row('transfer', s.transfer),
        row('do nothing', s.doNothing),
        row('copy reference', s.copyReference),
      ].join('\n');
      return { text, json: s };
    } finally {
      await model.dispose();
      await judge.dispose();
    }
  },
};
