// GeoGAN training on one attribute (SPEC §9) with the same run folders, statistics, sample grids,
// atomic checkpoints, exact resume and Ctrl-C handling as GANimation's loop. At the end the transfer
// graph is written as ONNX beside the weights.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Progress } from '../../io/progress.js';
import { attributeGroups, limitGroups, PairLoader } from '../../data/attribute-pairs.js';
import { loadFaceDataset } from '../../data/face-dataset.js';
import { datasetLandmarks } from '../../data/landmark-cache.js';
import { encodeImage } from '../../image/image-io.js';
import { fromChw, grid, type RgbImage } from '../../image/rgb-image.js';
import { GeoGANDiscriminator, GeoGANGenerator } from './networks/index.js';
import { Adam } from '../../nn/adam.js';
import { saveWeights } from '../../nn/weights.js';
import { geoganTransferGraph } from './export-geogan.js';
import { writeOnnx } from '../../onnx/write-onnx.js';
import { add, backward, full, manualSeed, scope, useThreads, tensor } from '../../torch/index.js';
import { attributeLoss } from './geogan-loss.js';
import { type GeoGANVisuals, geoganIteration } from './geogan-iteration.js';
import { geoganNonDefault, type GeoGANTrainOptions, refineAt } from './geogan-options.js';
import type { TrainRun } from '../../train/loop-support.js';
import { cadenceOf, runLoop } from '../../train/loop.js';
import { createRunFolder } from '../../train/run-folder.js';
import type { TrainControl } from '../../train/recipe.js';
import { type DataParallel, inGroup } from '../../train/data-parallel.js';

export async function trainGeoGAN(
  o: GeoGANTrainOptions,
  c: TrainControl & { landmarkCache?: string } = {},
): Promise<TrainRun> {
  useThreads(o.threads);
  manualSeed(o.seed);
  return inGroup(c.parallel, o.device, (dp) => trainIn(o, c, dp));
}

async function trainIn(
  o: GeoGANTrainOptions,
  c: TrainControl & { landmarkCache?: string },
  dp: DataParallel | undefined,
): Promise<TrainRun> {
  const main = !dp || dp.isMain;
  const say = c.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const log = main ? say : () => undefined;
  const data = loadFaceDataset(o.data);
  const groups = limitGroups(attributeGroups(data, data.train, o.attribute), o.facesPerGroup, o.seed);
  log(
    `${o.attribute}: ${groups.with.length} training faces with it, ${groups.without.length} without${o.facesPerGroup ? ` (a seeded sample of at most ${o.facesPerGroup} each)` : ''}; landmarks (cached after the first run):`,
  );
  const ids = [...groups.with, ...groups.without];
  const marks = main ? new Progress(ids.length, 'landmarks', 'faces') : undefined;
  const table = await datasetLandmarks(ids, data.images, { cacheDir: c.landmarkCache, onImage: () => marks?.tick() });
  if (table.missing.length) log(`no face found on ${table.missing.length} of ${ids.length} faces; they are left out`);
  const shard = dp ? { shard: { index: dp.rank, count: dp.worldSize } } : {};
  const loader = new PairLoader(data, groups, table.points, {
    batchSize: o.batchSize,
    imageSize: o.model.imageSize,
    seed: o.seed,
    ...shard,
  });
  const G = new GeoGANGenerator(o.model).to(o.device);
  const D = new GeoGANDiscriminator(o.model).to(o.device);
  const optG = new Adam(G.namedParameters(), { lr: o.lrG, betas: o.betas });
  const optD = new Adam(D.namedParameters(), { lr: o.lrD, betas: o.betas });
  const bpe = loader.batchesPerEpoch;
  const total = o.maxIterations || Math.round(o.epochs * bpe);
  // with several ranks, rank 0 makes the run folder; the others write nothing (and read it only to resume)
  const runDir = c.resumeDir ?? (main ? createRunFolder('geogan', o, geoganNonDefault(o)) : '');
  if (main) mkdirSync(join(runDir, 'samples'), { recursive: true });
  let visuals: RgbImage[] | undefined;
  try {
    return await runLoop(
      {
        command: 'ganimate train-geogan',
        modules: { G, D },
        optimizers: { optG, optD },
        loader,
        total,
        batchesPerEpoch: bpe,
        ...cadenceOf(o),
        ...(o.warmupD > 0
          ? {
              warmUp: (stopRequested, say) =>
                warmUpAttributeHead(
                  o,
                  D,
                  optD,
                  new PairLoader(data, groups, table.points, {
                    batchSize: o.batchSize,
                    imageSize: o.model.imageSize,
                    seed: o.seed + 1,
                    ...shard,
                  }),
                  say,
                  stopRequested,
                  dp,
                ),
            }
          : {}),
        step: (hb, iteration) => {
          const epoch = Math.floor(iteration / bpe);
          const step = Math.floor(epoch / o.lrStepEpochs);
          optG.lr = o.lrG * o.lrDecayG ** step;
          optD.lr = o.lrD * o.lrDecayD ** step;
          const [N, S] = [hb.ids.a.length, o.model.imageSize];
          const wantSamples = main && (iteration + 1) % o.sampleEvery === 0;
          const batch = {
            a: tensor(hb.a, [N, 3, S, S], o.device),
            b: tensor(hb.b, [N, 3, S, S], o.device),
            landmarksA: tensor(hb.landmarksA, [N, 68, 2], o.device),
            landmarksB: tensor(hb.landmarksB, [N, 68, 2], o.device),
          };
          const terms = geoganIteration(
            {
              G,
              D,
              optG,
              optD,
              lambdas: o.lambdas,
              ...(dp ? { reduce: (opt: Adam) => dp.averageGradients(opt) } : {}),
            },
            batch,
            refineAt(o, epoch),
            wantSamples ? (v) => (visuals = sampleRow(v, S)) : undefined,
          );
          for (const t of Object.values(batch)) t.dispose();
          return { terms, extras: { lr_g: optG.lr, lr_d: optD.lr, refine: refineAt(o, epoch) } };
        },
        imagesIn: (hb) => 2 * hb.ids.a.length,
        sample: async () => {
          const png = await encodeImage(grid(visuals!, 6, 2), '.png');
          visuals = undefined;
          return png;
        },
        finish: () => {
          saveWeights(G, join(runDir, 'G.safetensors'), { config: JSON.stringify(o.model) });
          saveWeights(D, join(runDir, 'D.safetensors'), { config: JSON.stringify(o.model) });
          // the refinement weight of the last epoch trained (0 when the run ended before refinement began)
          writeOnnx(
            join(runDir, `geogan-${o.attribute}.onnx`),
            geoganTransferGraph(G, refineAt(o, Math.floor((total - 1) / bpe))),
          );
          return `finished ${total} iterations: ${runDir}/geogan-${o.attribute}.onnx (use it with \`ganimate transfer --model\`)`;
        },
      },
      { runDir, resume: Boolean(c.resumeDir), stopAfter: c.stopAfter, dp, log: say },
    );
  } finally {
    for (const x of [G, D, optG, optD]) x.dispose();
  }
}

/**
 * The discriminator's attribute head alone (BCE on real pairs, the patch head untouched) for
 * `warmupD` steps, so that the generator's attribute loss means something from its first step.
 */
async function warmUpAttributeHead(
  o: GeoGANTrainOptions,
  D: GeoGANDiscriminator,
  optD: Adam,
  loader: PairLoader,
  log: (l: string) => void,
  stopRequested: () => boolean,
  dp?: DataParallel,
): Promise<boolean> {
  const progress = !dp || dp.isMain ? new Progress(o.warmupD, 'warm-up of the attribute head', 'it') : undefined;
  const S = o.model.imageSize;
  const first: number[] = [];
  const last: number[] = [];
  for (let i = 0; i < o.warmupD; i++) {
    // Ctrl-C ends a single process's warm-up at once; ranks, which must take the same steps, finish it
    if (!dp && stopRequested()) return false;
    const hb = await loader.next();
    const N = hb.ids.a.length;
    const loss = scope(() => {
      optD.zeroGrad();
      const [a, b] = [tensor(hb.a, [N, 3, S, S], o.device), tensor(hb.b, [N, 3, S, S], o.device)];
      const l = add(
        attributeLoss(D.forward(a), full([N, o.model.attributes], 0, o.device)),
        attributeLoss(D.forward(b), full([N, o.model.attributes], 1, o.device)),
      );
      backward(l);
      dp?.averageGradients(optD);
      optD.step();
      return l.item();
    });
    (i < Math.min(20, o.warmupD / 2) ? first : last).push(loss);
    if (last.length > 20) last.shift();
    progress?.tick();
  }
  const avg = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN).toFixed(3);
  log(
    `attribute head warm-up: BCE ${avg(first)} over the first ${first.length} steps, ${avg(last)} over the last ${last.length} (chance ${(2 * Math.LN2 * o.model.numScales * o.model.attributes).toFixed(3)})`,
  );
  return true;
}

/** The first pair of a batch: A, B, A with B's attribute, B warped onto A, the mask, B without it. */
function sampleRow(v: GeoGANVisuals, S: number): RgbImage[] {
  const first = (t: { data(): Float32Array }, channels: number) => t.data().subarray(0, channels * S * S);
  const mask = first(v.mask, 1);
  const maskRgb = new Float32Array(3 * S * S);
  for (let c = 0; c < 3; c++)
    maskRgb.set(
      mask.map((m) => m * 2 - 1),
      c * S * S,
    );
  return [v.a, v.b, v.added, v.warped]
    .map((t) => fromChw(first(t, 3), S, S))
    .concat([fromChw(maskRgb, S, S), fromChw(first(v.removed, 3), S, S)]);
}
