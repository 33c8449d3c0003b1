// An AU estimator trained apart from any generator (the model card's judge): the critic's
// architecture, its AU head only, regressed on the OpenFace labels of the train split with MSE.
// Scored on the test split against the labels, beside the predict-the-train-mean baseline.
import { join } from 'node:path';
import { AU_COUNT, RAW_MAX } from '../../au/action-units.js';
import { BatchLoader } from '../../data/batch-loader.js';
import { type FaceDataset, loadFaceDataset } from '../../data/face-dataset.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { AuErrorMeter } from '../../metrics/face-metrics.js';
import { Critic } from '../ganimation/networks/critic.js';
import { Adam } from '../../nn/adam.js';
import { saveWeights } from '../../nn/weights.js';
import { auEstimatorGraph } from '../ganimation/export-ganimation.js';
import { writeOnnx } from '../../onnx/write-onnx.js';
import { manualSeed, noGrad, scope, useThreads, tensor } from '../../torch/index.js';
import { type DataParallel, inGroup } from '../../train/data-parallel.js';
import { runLoop } from '../../train/loop.js';
import { auRegressionStep } from '../ganimation/critic-warmup.js';
import { lrFactor } from '../../train/schedule.js';
import { estimatorNonDefault, type EstimatorOptions } from './estimator-options.js';
import type { TrainRun } from '../../train/loop-support.js';
import type { TrainControl } from '../../train/recipe.js';

/** Test-split MAE (raw scale) of the estimator and of always predicting the train split's mean AUs. */
export async function scoreEstimator(
  D: Critic,
  data: FaceDataset,
  o: EstimatorOptions,
): Promise<{ estimator: ReturnType<AuErrorMeter['summary']>; trainMean: ReturnType<AuErrorMeter['summary']> }> {
  const mean = new Float32Array(AU_COUNT);
  for (const id of data.train) data.aus.get(id)!.forEach((v, i) => (mean[i]! += v / data.train.length));
  const B = 50;
  const loader = new BatchLoader(data, data.test, {
    batchSize: B,
    imageSize: o.model.imageSize,
    seed: 0,
    flip: false,
    targetNoise: 0,
  });
  const [est, base] = [new AuErrorMeter(), new AuErrorMeter()];
  for (let b = 0; b < loader.batchesPerEpoch; b++) {
    const hb = await loader.peek({ epoch: 0, batch: b });
    const S = o.model.imageSize;
    const pred = scope(() => noGrad(() => D.forward(tensor(hb.real, [B, 3, S, S], o.device)).aus.data()));
    for (let k = 0; k < B; k++) {
      const truth = hb.realCond.subarray(k * AU_COUNT, (k + 1) * AU_COUNT).map((v) => v * RAW_MAX);
      est.add(
        truth,
        pred.subarray(k * AU_COUNT, (k + 1) * AU_COUNT).map((v) => Math.max(0, Math.min(RAW_MAX, v * RAW_MAX))),
      );
      base.add(truth, mean);
    }
  }
  return { estimator: est.summary(), trainMean: base.summary() };
}

export async function trainEstimator(o: EstimatorOptions, c: TrainControl = {}): Promise<TrainRun> {
  useThreads(o.threads);
  manualSeed(o.seed);
  return inGroup(c.parallel, o.device, (dp) => trainIn(o, c, dp));
}

async function trainIn(o: EstimatorOptions, c: TrainControl, dp: DataParallel | undefined): Promise<TrainRun> {
  const main = !dp || dp.isMain;
  const say = c.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const data = loadFaceDataset(o.data);
  const D = new Critic(o.model).to(o.device);
  const opt = new Adam(D.namedParameters(), { lr: o.lr, betas: o.betas });
  const loader = new BatchLoader(data, data.train, {
    batchSize: o.batchSize,
    imageSize: o.model.imageSize,
    seed: o.seed,
    flip: o.flip,
    targetNoise: 0,
    ...(dp ? { shard: { index: dp.rank, count: dp.worldSize } } : {}),
  });
  const bpe = loader.batchesPerEpoch;
  const total = o.maxIterations || Math.round((o.epochs + o.decayEpochs) * bpe);
  const { createRunFolder } = await import('../../train/run-folder.js');
  // with several ranks, rank 0 makes the run folder; the others write nothing (and read it only to resume)
  const runDir = c.resumeDir ?? (main ? createRunFolder('au-estimator', o, estimatorNonDefault(o)) : '');
  try {
    return await runLoop(
      {
        command: 'ganimate train-estimator',
        modules: { D },
        optimizers: { opt },
        loader,
        total,
        batchesPerEpoch: bpe,
        logEvery: o.logEvery,
        checkpointEvery: o.checkpointEvery,
        sampleEvery: Infinity,
        step: (hb, iteration) => {
          opt.lr = o.lr * lrFactor(o, iteration, bpe);
          const reduce = dp ? (a: Adam) => dp.averageGradients(a) : undefined;
          const loss = auRegressionStep(D, opt, hb, o.model.imageSize, o.device, reduce);
          return { terms: { loss }, extras: { lr: opt.lr } };
        },
        imagesIn: (hb) => hb.ids.length,
        finish: async () => {
          const score = await scoreEstimator(D, data, o);
          saveWeights(D, join(runDir, 'estimator.safetensors'), { config: JSON.stringify(o.model) });
          writeOnnx(join(runDir, 'au-estimator.onnx'), auEstimatorGraph(D));
          writeFileAtomic(join(runDir, 'test.json'), Buffer.from(JSON.stringify(score, null, 1)));
          return `test split: MAE ${score.estimator.mean.toFixed(3)} (predicting the train mean: ${score.trainMean.mean.toFixed(3)}); ${runDir}/au-estimator.onnx`;
        },
      },
      { runDir, resume: Boolean(c.resumeDir), stopAfter: c.stopAfter, dp, log: say },
    );
  } finally {
    D.dispose();
    opt.dispose();
  }
}
