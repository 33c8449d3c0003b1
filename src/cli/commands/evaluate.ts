import { mkdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { GanimateError } from '../../errors.js';
import { DESCRIPTOR_NAME, FaceDescriber } from '../../face/descriptor.js';
import {
  defaultCacheDir,
  evaluateFolders,
  type FeatureExtractor,
  FOLDER_METRICS,
  type FolderMetric,
  listImages,
} from '../../metrics/folder-eval.js';
import type { RgbImage } from '../../image/rgb-image.js';

const INCEPTION_NAME = 'inception2015';
import { loadFaceDataset } from '../../data/face-dataset.js';
import { editGates } from '../../infer/edit-gates.js';
import { editSheet, SHEET_COLUMNS } from '../../infer/edit-sheet.js';
import { apparentAgeSheet } from '../../infer/apparent-age-sheet.js';
import { ApparentAgeReader } from '../../face/apparent-age.js';
import { evaluateEdits, evaluationSplit, partReferenceCount } from '../../infer/evaluate-edits.js';
import { encodeImage } from '../../image/image-io.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { type Command, MODEL_OPTIONS } from '../command.js';
import { number, openEditor } from '../models.js';
import { Progress } from '../../io/progress.js';
import { HogAuReader } from '../../face/hog-au-reader.js';
import { SHIPPED } from '../../shipped-models.js';
import { VideoPairs } from '../../data/video-pairs.js';
import { evaluatePairs, type PairScores } from '../../infer/evaluate-pairs.js';
import type { FaceEditor } from '../../infer/face-editor.js';

export const evaluate: Command = {
  name: 'eval',
  usage:
    'ganimate eval --real DIR --fake DIR [--metrics fid,kid,swd,ssim,msssim,is] [--extractor faceapi128|inception2015 --inception W.pth]  |  ganimate eval --model G.onnx --data DIR [--samples 500] [--sheet sheet.png] [--no-looks]',
  options: {
    real: { type: 'string', help: 'folder of real images (aligned face crops for the face-descriptor extractor)' },
    fake: {
      type: 'string',
      help: 'folder of generated images (ssim and msssim pair images by file name, else by sorted position)',
    },
    metrics: { type: 'string', help: `comma separated: ${FOLDER_METRICS.join(', ')}`, default: 'fid,kid,swd,ssim' },
    extractor: {
      type: 'string',
      help: 'features for fid/kid (and classes for is): faceapi128 (ships with ganimate) or inception2015 (needs --inception and the libtorch engine)',
      default: 'faceapi128',
    },
    inception: {
      type: 'string',
      help: "pytorch-fid's pt_inception-2015-12-05-6726825d.pth, for --extractor inception2015",
    },
    'no-cache': { type: 'boolean', help: "recompute the real folder's features instead of using the cache" },
    data: { type: 'string', help: 'dataset folder whose test split is edited' },
    samples: { type: 'string', help: 'number of test faces', default: '500' },
    skip: {
      type: 'string',
      help: 'start at this test face (calibrate on faces the reported first ones do not include)',
      default: '0',
    },
    seed: { type: 'string', help: 'seed of the random targets', default: '0' },
    sheet: {
      type: 'string',
      help: 'the sample sheet PNG: 6 test faces × the presets, AU12 and AU4 at 0…5 (default: <model name>-sheet.png in the current folder)',
    },
    'hog-reader': {
      type: 'string',
      help: "the second AU judge's weights (default models/au-hog-reader.json; node dist/tools/hog-au-reader.js fits one on a dataset of your own)",
    },
    'video-pairs': {
      type: 'string',
      help: 'also edit frames of one person towards other frames of theirs and compare (self-reenactment): the prefix node dist/tools/video-pairs.js wrote',
    },
    pairs: { type: 'string', help: 'number of frame pairs for --video-pairs', default: '300' },
    'no-looks': {
      type: 'boolean',
      help: 'AU error and identity only (skips artefacts, reconstruction, face found, realism and the sheet)',
    },
    ...MODEL_OPTIONS,
  },
  examples: [
    'ganimate eval --model models/ganimation-generator.onnx --estimator au-estimator-separate.onnx --data ../shared/datasets/faces128',
  ],
  async run(v) {
    if (v.real || v.fake) return folders(v);
    if (!v.data)
      throw new GanimateError('eval needs --real and --fake folders, or --model with --data <dataset folder>');
    const data = loadFaceDataset(v.data as string);
    const editor = await openEditor(v, true);
    try {
      const samples = number(v.samples, 'samples', 1, 1e6);
      const looks = !v['no-looks'];
      const skip = number(v.skip, 'skip', 0, 1e6);
      const split = evaluationSplit(data, samples, skip);
      const progress = new Progress(
        split.inputs.length + (looks ? split.references.length + partReferenceCount(data) : 0),
        'eval',
        'faces',
      );
      const s = await evaluateEdits(editor, data, {
        samples,
        skip,
        looks,
        hogReader: HogAuReader.load((v['hog-reader'] as string | undefined) ?? SHIPPED.hogReader),
        seed: number(v.seed, 'seed', 0, 2 ** 31),
        onProgress: () => progress.tick(),
      });
      const videoPairs = v['video-pairs']
        ? await pairScores(
            editor,
            v['video-pairs'] as string,
            number(v.pairs, 'pairs', 1, 1e6),
            number(v.seed, 'seed', 0, 2 ** 31),
          )
        : undefined;
      const gates = looks ? editGates(s) : [];
      let [sheet, ageSheet]: (string | undefined)[] = [];
      if (looks) {
        sheet =
          (v.sheet as string | undefined) ??
          `${basename((v.model as string | undefined) ?? 'ganimation-generator.onnx').replace(/\.onnx$/i, '')}-sheet.png`;
        mkdirSync(dirname(resolve(sheet)), { recursive: true });
        writeFileAtomic(sheet, await encodeImage(await editSheet(editor, data), '.png'));
        const ages = await apparentAgeSheet(editor, data, s.apparentAge?.worst ?? []);
        if (ages) {
          ageSheet = sheet.replace(/(\.png)?$/i, '-apparent-age.png');
          writeFileAtomic(ageSheet, await encodeImage(ages, '.png'));
        }
      }
      const json = {
        ...s,
        skip,
        ...(videoPairs ? { videoPairs } : {}),
        ...(looks ? { gates, passed: gates.every((g) => g.pass), sheet, sheetColumns: SHEET_COLUMNS } : {}),
        ...(ageSheet ? { apparentAgeSheet: ageSheet } : {}),
      };
      const pairText = videoPairs
        ? `\n${videoPairs.count} frame pairs of one person (${v['video-pairs']}), each first frame edited towards the second's AUs, distance to the second over the face: edit ${videoPairs.edit.toFixed(4)}, do nothing ${videoPairs.doNothing.toFixed(4)}, relative ${videoPairs.ratio.toFixed(3)}; closer than doing nothing in ${(100 * videoPairs.closerShare).toFixed(1)}%${pairAgeText(videoPairs)}`
        : '';
      const ageText = ageSheet
        ? `\n  apparent-age sheet: ${ageSheet} (the ${s.apparentAge!.worst.length} edits that changed the apparent sex or age most, each input beside its edit)`
        : '';
      return { text: describeScores(s, String(v.data), gates, sheet) + ageText + pairText, json };
    } finally {
      await editor.dispose();
    }
  },
};

/** A share as a percentage; 'n/a' where nothing was counted (the apparent sex when no input's was read surely). */
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a');

/** The apparent age and sex the pairs' edits moved, beside what the real second frames moved. */
function pairAgeText(p: PairScores): string {
  if (!p.apparentAge) return '';
  const [e, r] = [p.apparentAge.edit, p.apparentAge.real];
  return `\n  apparent age moved ${e.ageShift.toFixed(1)} years by the edits, ${r.ageShift.toFixed(1)} by the real second frames; sex kept in ${pct(e.sexKeptShare)} and ${pct(r.sexKeptShare)} (of ${e.sexCount} read surely)`;
}

async function pairScores(editor: FaceEditor, prefix: string, count: number, seed: number): Promise<PairScores> {
  const pairs = VideoPairs.load(prefix, editor.size);
  const progress = new Progress(count, 'pairs', 'pairs');
  return evaluatePairs(editor, pairs, count, seed, () => progress.tick(), await ApparentAgeReader.load());
}

async function folders(v: Record<string, string | boolean | undefined>) {
  if (!v.real || !v.fake) throw new GanimateError('eval needs both --real and --fake folders');
  const metrics = (v.metrics as string)
    .split(',')
    .map((m) => m.trim().toLowerCase())
    .filter(Boolean);
  const unknown = metrics.filter((m) => !(FOLDER_METRICS as readonly string[]).includes(m));
  if (unknown.length) throw new GanimateError(`unknown metric ${unknown.join(', ')}; use ${FOLDER_METRICS.join(', ')}`);
  const extractor = metrics.some((m) => m === 'fid' || m === 'kid' || m === 'is') ? await extractorFor(v) : undefined;
  const total = (listImages(v.real as string).length + listImages(v.fake as string).length) * (extractor ? 1 : 0);
  const progress = total ? new Progress(total, 'features', 'images') : undefined;
  const r = await evaluateFolders({
    real: v.real as string,
    fake: v.fake as string,
    metrics: metrics as FolderMetric[],
    extractor,
    cacheDir: v['no-cache'] ? undefined : defaultCacheDir(),
    onImage: () => progress?.tick(),
  });
  const text = Object.entries(r)
    .map(([k, x]) => `${k.padEnd(34)} ${typeof x === 'number' && !Number.isInteger(x) ? x.toPrecision(6) : x}`)
    .join('\n');
  return { text, json: r };
}

async function extractorFor(v: Record<string, string | boolean | undefined>): Promise<FeatureExtractor> {
  if (v.extractor === 'faceapi128') {
    const describer = await FaceDescriber.load();
    return { name: DESCRIPTOR_NAME, features: (img) => describer.describe(img) };
  }
  if (v.extractor !== INCEPTION_NAME)
    throw new GanimateError(`unknown extractor "${v.extractor}"; use faceapi128 or ${INCEPTION_NAME}`);
  if (!v.inception)
    throw new GanimateError(
      '--extractor inception2015 needs --inception <pt_inception-2015-12-05-6726825d.pth>, the weights pytorch-fid downloads (github.com/mseitzer/pytorch-fid/releases); ganimate downloads nothing',
    );
  const { Inception2015 } = await import('../../metrics/inception2015.js'); // loads the libtorch engine
  const net = Inception2015.fromCheckpoint(v.inception as string);
  const classify = async (img: RgbImage) => {
    const r = net.describe([img]);
    return { features: r.pool3[0]!, logits: r.logits[0]! };
  };
  return { name: INCEPTION_NAME, features: async (img) => (await classify(img)).features, classify };
}

function describeScores(
  s: Awaited<ReturnType<typeof evaluateEdits>>,
  data: string,
  gates: ReturnType<typeof editGates>,
  sheet?: string,
): string {
  const f = (x: number, d = 3) => x.toFixed(d);
  const lines = [
    `${s.samples} test faces of ${data}, targets from other test faces (seed ${s.seed})`,
    `                 AU error (raw, mean)   identity distance (mean)   same person (< 0.6)`,
    `  edit           ${f(s.auError.mean).padEnd(22)} ${f(s.identity.mean).padEnd(26)} ${pct(s.identity.samePersonShare)}`,
    `  do nothing     ${f(s.doNothing.auError.mean).padEnd(22)} ${f(s.doNothing.identity.mean).padEnd(26)} 100.0%`,
    `  AU error relative to doing nothing: ${f(s.auError.mean / s.doNothing.auError.mean)}`,
    `  the judges' floor, the real photo whose labels are each target: ${f(s.realTarget.auError.mean)}, relative ${f(s.realTarget.auError.mean / s.doNothing.auError.mean)}${s.realTarget.hogAuError && s.doNothing.hogAuError ? ` (HOG reader: relative ${f(s.realTarget.hogAuError.mean / s.doNothing.hogAuError.mean)})` : ''}`,
  ];
  // where the AU error sits: the expressions an edit must add, or those it must take away
  const { edit, realTarget } = s.auResponse;
  for (const [judge, e, r] of [
    ['estimator', edit.estimator, realTarget.estimator],
    ['HOG reader', edit.reader, realTarget.reader],
  ] as const) {
    if (!e || !r) continue;
    const part = (k: 'raised' | 'lowered' | 'held') =>
      `${f(e.error[k].edit)} (real ${f(r.error[k].edit)}, nothing ${f(e.error[k].doNothing)})`;
    lines.push(
      `  of the change asked, the ${judge} reads in the edit: raises ${pct(e.raised.share)} (the real photo ${pct(r.raised.share)}), lowers ${pct(e.lowered.share)} (${pct(r.lowered.share)})`,
      `    its AU error on the AUs asked up ${part('raised')}, down ${part('lowered')}, held ${part('held')}`,
    );
  }
  if (s.hogAuError && s.doNothing.hogAuError) {
    const [hog, hogNothing] = [s.hogAuError, s.doNothing.hogAuError];
    lines.push(
      `  read by the HOG AU reader (as OpenFace reads): edit ${f(hog.mean)}, do nothing ${f(hogNothing.mean)}, relative ${f(hog.mean / hogNothing.mean)}`,
      // where the two judges part, one of them reads something the other does not (paint, typically)
      `  per AU, edit / do nothing by the estimator | by the HOG reader:`,
      ...Object.keys(s.auError.perAu).map((au) => {
        const [cnn, other] = [
          s.auError.perAu[au]! / s.doNothing.auError.perAu[au]!,
          hog.perAu[au]! / hogNothing.perAu[au]!,
        ];
        return `    ${au}  ${f(cnn, 2)} | ${f(other, 2)}${Math.abs(cnn - other) > 0.2 ? '   (the judges part)' : ''}`;
      }),
    );
  }
  if (!Number.isNaN(s.artefactRatio)) {
    lines.push(
      `  artefact ratio (near-Nyquist power, edit / input): ${f(s.artefactRatio)}`,
      `  colour shift (chroma histograms, edit against input): ${f(s.colourShift)}`,
      `  self-reconstruction (own AUs): PSNR ${f(s.reconstruction.psnr, 2)} dB, SSIM ${f(s.reconstruction.ssim, 4)}`,
      `  face found: ${pct(s.faceFoundShare)} of edits, ${pct(s.doNothing.faceFoundShare)} of inputs; kept in ${pct(s.faceKeptShare)} of the edits of inputs with a face found`,
    );
  }
  if (s.realism) {
    const r = s.realism;
    lines.push(
      `  realism against ${r.references} other real test faces   KID[${r.extractor}]   FID[${r.extractor}]   SWD`,
      `    edit                                        ${r.edit.kid.toExponential(2).padEnd(17)} ${f(r.edit.fid, 4).padEnd(17)} ${f(r.edit.swd, 2)}`,
      `    do nothing                                  ${r.doNothing.kid.toExponential(2).padEnd(17)} ${f(r.doNothing.fid, 4).padEnd(17)} ${f(r.doNothing.swd, 2)}`,
    );
  }
  if (s.partRealism) {
    const p = s.partRealism;
    lines.push(
      `  real-looking parts (inside the manifold of ${p.references} training faces' parts):   mouth   eyes`,
      `    emotion presets                                                       ${pct(p.presets.mouth).padEnd(7)} ${pct(p.presets.eyes)}`,
      `    do nothing                                                            ${pct(p.doNothing.mouth).padEnd(7)} ${pct(p.doNothing.eyes)}`,
      `    per preset (mouth/eyes): ${Object.entries(p.byPreset)
        .map(([name, v]) => `${name} ${pct(v.mouth)}/${pct(v.eyes)}`)
        .join(', ')}`,
    );
  }
  if (s.partDetail) {
    const d = s.partDetail;
    lines.push(
      `  detail kept in the parts (mean |Laplacian|, preset edit / input, medians):   mouth   eyes`,
      `    emotion presets                                                       ${f(d.presets.mouth).padEnd(7)} ${f(d.presets.eyes)}`,
      `    the inputs blurred by half a pixel (the gate's floor)                 ${f(d.halfPixelBlur.mouth).padEnd(7)} ${f(d.halfPixelBlur.eyes)}`,
      `    per preset (mouth/eyes): ${Object.entries(d.byPreset)
        .map(([name, v]) => `${name} ${f(v.mouth)}/${f(v.eyes)}`)
        .join(', ')}`,
    );
  }
  if (s.expressions) {
    const e = s.expressions;
    lines.push(
      `  expression judge (face-api's expression net, presets): read as asked in ${pct(e.edit.readAsAsked)} of edits, ${pct(e.doNothing.readAsAsked)} of inputs`,
      `    per preset: ${Object.entries(e.edit.perPreset)
        .map(([k, x]) => `${k} ${pct(x)}`)
        .join(', ')}`,
    );
  }
  if (s.apparentAge) {
    const [e, own] = [s.apparentAge.edit, s.apparentAge.selfReconstruction];
    lines.push(
      `  apparent age and sex (face-api's age-and-sex net, input against edit): age moved ${f(e.ageShift, 1)} years (signed ${f(e.signedAgeShift, 1)}), sex kept in ${pct(e.sexKeptShare)}; own AUs: ${f(own.ageShift, 1)} years, ${pct(own.sexKeptShare)}`,
    );
  }
  if (gates.length) {
    lines.push(`  gates (${gates.every((g) => g.pass) ? 'all pass' : `${gates.filter((g) => !g.pass).length} fail`}):`);
    for (const g of gates)
      lines.push(
        `    ${g.pass ? 'pass' : 'FAIL'}  ${g.name.padEnd(34)} ${g.value.toPrecision(4).padEnd(10)} ${g.kind === 'max' ? '≤' : '≥'} ${g.limit.toPrecision(4)}`,
      );
  }
  if (sheet) lines.push(`  sample sheet: ${sheet}`);
  return lines.join('\n');
}
