// Scores a generator on a dataset's test split (the model card's numbers): each test face is edited
// towards the AUs of another random test face. Beside each figure the same is measured for the
// do-nothing edit (output = input), the baseline to beat:
// - expression: an AU estimator trained apart from the generator reads the edit (AU error), and beside it, when
//   given, the HOG AU reader (a second judge made as OpenFace reads AUs);
// - identity: face-api's descriptor distance between input and edit;
// - looks: near-Nyquist spectral power over the input's (artefacts), chroma histograms against the
//   input's (colour blotches), the face detector still
//   finding a face, each face edited to its own AUs against itself (PSNR, SSIM), and realism: KID
//   and FID on face-api descriptors and SWD on pixels, edits and inputs each against other real test
//   faces that were not inputs.
import type { AuVector } from '../au/action-units.js';
import type { FaceDataset } from '../data/face-dataset.js';
import { descriptorDistance, FaceDescriber, DESCRIPTOR_NAME } from '../face/descriptor.js';
import { FaceDetector } from '../face/detector.js';
import { readImage } from '../image/image-io.js';
import { seededRandom } from '../random/seeded-random.js';
import { AuResponseMeter, type AuResponseSummary } from '../metrics/au-response.js';
import { AuErrorMeter, IdentityMeter } from '../metrics/face-metrics.js';
import { featureStats } from '../metrics/feature-stats.js';
import { frechetDistance } from '../metrics/fid.js';
import { kernelInceptionDistance } from '../metrics/kid.js';
import { psnr } from '../metrics/psnr.js';
import { ColourShiftMeter, lightnessShift } from '../metrics/colour-shift.js';
import { ArtefactMeter } from '../metrics/spectral-artefacts.js';
import { structuralSimilarity } from '../metrics/ssim.js';
import { imageBatch, PyramidDescriptors, swd } from '../metrics/swd.js';
import { FoldMeter } from '../metrics/warp-folds.js';
import { PartDescriptors, PartManifolds } from '../metrics/part-realism.js';
import { PartDetailMeter } from '../metrics/part-detail.js';
import type { FacePart } from '../face/part-boxes.js';
import { ExpressionMeter, ExpressionReader, PRESET_EXPRESSION } from '../face/expression.js';
import { ApparentAgeMeter, ApparentAgeReader, type ApparentAge } from '../face/apparent-age.js';
import { EMOTIONS, parseEmotion } from '../au/emotions.js';
import type { FaceEditor } from './face-editor.js';
import type { HogAuReader } from '../face/hog-au-reader.js';

export interface Realism {
  kid: number;
  kidStd: number;
  fid: number;
  swd: number;
}

/** How many of the edits that changed the apparent age or sex most eval names (and shows on its apparent-age sheet). */
export const APPARENT_AGE_WORST = 8;

export interface EditScores {
  samples: number;
  seed: number;
  auError: ReturnType<AuErrorMeter['summary']>;
  identity: ReturnType<IdentityMeter['summary']>;
  /** Mean over faces of (edit's near-Nyquist power share) / (input's); 1 = nothing added. */
  artefactRatio: number;
  /** Mean total-variation distance between the chroma histograms of edit and input (colour blotches; 0 = the input's
   * colours, moved or not). */
  colourShift: number;
  /** Each face edited towards its own AUs, against the input. */
  reconstruction: { psnr: number; ssim: number };
  /** Share of edits in which the face detector finds a face. */
  faceFoundShare: number;
  /** Of the inputs in which the detector finds a face, the share whose edit still has one: what the edit
   * lost, apart from the detector's own misses (it misses some tight crops unedited; doNothing.faceFoundShare). */
  faceKeptShare: number;
  /** The AU error read by the second judge, the HOG AU reader (hog-au-reader.ts), when one is given. */
  hogAuError?: ReturnType<AuErrorMeter['summary']>;
  /** The judges' floor: the real test photo whose labels are each target, read by the same judges against those
   * labels. A perfect edit could reach it (as another person's face); over doNothing it is the best ratio there is. */
  realTarget: {
    auError: ReturnType<AuErrorMeter['summary']>;
    hogAuError?: ReturnType<AuErrorMeter['summary']>;
  };
  /** Of the change each target asks of an AU (target less the judge's reading of the input), the share the judge
   * reads in the edit, raises and lowers apart (au-response.ts), by the estimator and the reader; realTarget: the
   * same for the real photo whose labels are the target, the share a perfect edit would show. `error`: the AU error
   * split by what each AU was asked (raised, lowered, held), beside doing nothing's. */
  auResponse: {
    edit: { estimator: AuResponseSummary; reader?: AuResponseSummary };
    realTarget: { estimator: AuResponseSummary; reader?: AuResponseSummary };
  };
  doNothing: {
    auError: ReturnType<AuErrorMeter['summary']>;
    hogAuError?: ReturnType<AuErrorMeter['summary']>;
    identity: ReturnType<IdentityMeter['summary']>;
    faceFoundShare: number;
  };
  /** Each input edited to the seven emotion presets at full strength: mean colour shift and lightness shift
   * (colour-shift.ts). */
  presetShift: { colour: number; lightness: number };
  /** An independent judge (face-api's expression net) on each input edited to the six presets it has a class for: the
   * share read as the preset asked and its mean probability, beside the same for the unedited inputs. */
  expressions?: { edit: ReturnType<ExpressionMeter['summary']>; doNothing: ReturnType<ExpressionMeter['summary']> };
  /** face-api's age-and-sex net (apparent-age.ts) on each input and its edit: the mean age shift (years, absolute and
   * signed) and the share with the apparent sex kept; beside it the same for the edit to the face's own AUs, which
   * should change nothing (the generator's floor; doing nothing is 0 and 1 by definition). */
  apparentAge?: {
    edit: ReturnType<ApparentAgeMeter['summary']>;
    selfReconstruction: ReturnType<ApparentAgeMeter['summary']>;
    /** The APPARENT_AGE_WORST edits that changed the person most (a surely read sex changed, then the largest age
     * shift): the test face, its target and both readings, for a person to look at (eval's apparent-age sheet). */
    worst: { id: string; target: number[]; input: ApparentAge; edit: ApparentAge }[];
  };
  /** Flow generators: where the warp folds (warp-folds.ts), in the edits and in each input edited to the seven
   * emotion presets at full strength. */
  folds?: { edits: ReturnType<FoldMeter['summary']>; presets: ReturnType<FoldMeter['summary']> };
  /** Against `references` real test faces that were not inputs; features: `extractor`. */
  realism?: { extractor: string; references: number; edit: Realism; doNothing: Realism };
  /** The mouths and the eyes alone: the share inside the manifold of `references` real training faces'
   * (part-realism.ts), of the inputs edited to the seven emotion presets at full strength, and of the unedited
   * inputs. Absent when the dataset has fewer than PART_REFERENCES_MIN training faces. */
  partRealism?: {
    references: number;
    presets: Record<FacePart, number>;
    doNothing: Record<FacePart, number>;
    /** The same share for each preset alone: which expressions' mouths and eyes stop looking real. */
    byPreset: Record<string, Record<FacePart, number>>;
  };
  /** The mouths' and the eyes' fine detail in the preset edits over the inputs' (part-detail.ts): what part realism
   * cannot see, a blurred or flattened part; beside it the inputs blurred by half a pixel, the yardstick. */
  partDetail?: ReturnType<PartDetailMeter['summary']>;
}

export interface EvaluateOptions {
  samples: number;
  /** Start at this test face (faces a calibration may look at without touching the reported first ones); default 0. */
  skip?: number;
  seed?: number;
  /** Also measure looks (artefacts, reconstruction, face found, realism); default true. */
  looks?: boolean;
  /** A second AU judge beside the editor's estimator: its AU error is reported as hogAuError. */
  hogReader?: HogAuReader;
  /** Called once per edited face, once per reference face and once per face of the parts' manifolds. */
  onProgress?: () => void;
}

/** The test faces that are edited (the first `samples`, as the model cards have always been measured),
 * and as many other test faces drawn at random (seeded) to compare them with for realism: the split is
 * sorted by name (UTKFace by age, then CelebA), so the next block would differ by population. */
export function evaluationSplit(
  data: FaceDataset,
  samples: number,
  skip = 0,
): { inputs: string[]; references: string[] } {
  const from = Math.min(skip, data.test.length);
  const inputs = data.test.slice(from, Math.min(from + samples, data.test.length));
  const rest = [...data.test.slice(0, from), ...data.test.slice(from + inputs.length)];
  const rand = seededRandom(7);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  return { inputs, references: rest.slice(0, samples) };
}

/** Real training faces whose mouths and eyes make the parts' manifolds: enough that a k-NN radius is local. */
const PART_REFERENCES = 2000;

/** Fewer training faces than this make no manifold worth the name (a k-NN ball around each of a few faces covers
 * everything): the parts are then not measured, and have no gate. */
const PART_REFERENCES_MIN = 200;

/** How many training faces evaluateEdits reads for the parts' manifolds (for a progress total); 0 when too few. */
export const partReferenceCount = (data: FaceDataset): number =>
  data.train.length < PART_REFERENCES_MIN ? 0 : Math.min(PART_REFERENCES, data.train.length);

/** `n` training faces drawn at random (seeded): the split is sorted by name, so its head is one population. */
export function partReferences(data: FaceDataset, n: number): string[] {
  const ids = [...data.train];
  const rand = seededRandom(11);
  for (let i = 0; i < Math.min(n, ids.length); i++) {
    const j = i + Math.floor(rand() * (ids.length - i));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids.slice(0, n);
}

const SSIM = { dataRange: 255, gaussianWeights: true, sigma: 1.5, useSampleCovariance: false };

async function realismOf(
  features: Float32Array[],
  pixels: PyramidDescriptors,
  refFeatures: Float32Array[],
  refPixels: ReturnType<PyramidDescriptors['finish']>,
): Promise<Realism> {
  // subsets of half the set, so that their spread (kidStd) measures the noise of the figure
  const k = await kernelInceptionDistance(refFeatures, features, {
    subsetSize: Math.max(2, Math.min(1000, Math.floor(Math.min(refFeatures.length, features.length) / 2))),
  });
  return {
    kid: k.mean,
    kidStd: k.std,
    fid: await frechetDistance(await featureStats(refFeatures), await featureStats(features)),
    swd: swd(refPixels, pixels.finish()).mean,
  };
}

export async function evaluateEdits(editor: FaceEditor, data: FaceDataset, o: EvaluateOptions): Promise<EditScores> {
  const seed = o.seed ?? 0;
  const looks = o.looks ?? true;
  const rand = seededRandom(seed);
  const { inputs: ids, references } = evaluationSplit(data, o.samples, o.skip);
  const describer = await FaceDescriber.load();
  const detector = looks ? await FaceDetector.load() : undefined;
  const [edited, baseline] = [new AuErrorMeter(), new AuErrorMeter()];
  const [hogEdited, hogBaseline] = [new AuErrorMeter(), new AuErrorMeter()];
  const [floor, hogFloor] = [new AuErrorMeter(), new AuErrorMeter()];
  const [response, floorResponse] = [new AuResponseMeter(), new AuResponseMeter()];
  const [hogResponse, hogFloorResponse] = [new AuResponseMeter(), new AuResponseMeter()];
  const [identity, baselineId] = [new IdentityMeter(), new IdentityMeter()];
  const artefacts = new ArtefactMeter();
  const colours = new ColourShiftMeter();
  const [presetColours, presetLightness] = [new ColourShiftMeter(), new ColourShiftMeter(lightnessShift)];
  const [editFolds, presetFolds] = [new FoldMeter(), new FoldMeter()];
  const judge = looks ? await ExpressionReader.load() : undefined;
  const [expressionEdits, expressionInputs] = [new ExpressionMeter(), new ExpressionMeter()];
  const ageReader = looks ? await ApparentAgeReader.load() : undefined;
  const ageEdits = new ApparentAgeMeter<{ id: string; target: number[] }>(APPARENT_AGE_WORST);
  const ageSelf = new ApparentAgeMeter();
  // strong expressions are where warps fold: the presets at full strength, as the sample sheet shows them
  const presets = looks ? Object.keys(EMOTIONS).map((e) => [parseEmotion(e)]) : [];
  let [psnrSum, ssimSum, found, foundInput, kept] = [0, 0, 0, 0, 0];
  const [editFeatures, inputFeatures] = [[] as Float32Array[], [] as Float32Array[]];
  // one seed for every set, so the patches drawn differ only by the images
  const [editPixels, inputPixels] = [
    new PyramidDescriptors({ rng: seededRandom(1) }),
    new PyramidDescriptors({ rng: seededRandom(1) }),
  ];
  const [presetParts, inputParts] = [new PartDescriptors(), new PartDescriptors()];
  const partsByPreset = presets.map(() => new PartDescriptors());
  const partDetail = new PartDetailMeter();
  // SWD needs as many patches on each side: the first m inputs, m references
  const m = Math.min(ids.length, references.length);
  for (const [index, id] of ids.entries()) {
    const crop = await readImage(data.images.get(id)!);
    const targetId = data.test[Math.floor(rand() * data.test.length)]!;
    const target: AuVector = data.aus.get(targetId)!;
    const p = await editor.prepare(crop, id, true);
    const onFlow = (k: number, flow: Float32Array) =>
      (k === 0 ? editFolds : k >= 2 ? presetFolds : undefined)?.add(flow, Math.round(Math.sqrt(flow.length / 2)));
    const [out, self, ...presetEdits] = await editor.render(
      p,
      looks ? [[target], [data.aus.get(id)!], ...presets] : [[target]],
      onFlow,
    );
    for (const e of presetEdits) {
      presetColours.add(crop, e);
      presetLightness.add(crop, e);
    }
    if (judge) {
      const unedited = await judge.read(crop);
      for (const [k, name] of Object.keys(EMOTIONS).entries()) {
        const asked = PRESET_EXPRESSION[name];
        if (!asked) continue;
        expressionEdits.add(asked, await judge.read(presetEdits[k]!));
        expressionInputs.add(asked, unedited);
      }
    }
    if (ageReader) {
      const unedited = await ageReader.read(crop);
      ageEdits.add(unedited, await ageReader.read(out!), { id, target: Array.from(target) });
      ageSelf.add(unedited, await ageReader.read(self!));
    }
    const [measured] = await editor.estimate(await editor.prepare(out!, id, true));
    const [measuredInput] = await editor.estimate(p);
    edited.add(target, measured!);
    baseline.add(target, measuredInput!);
    const targetPhoto = await readImage(data.images.get(targetId)!);
    const measuredTarget = (await editor.estimate(await editor.prepare(targetPhoto, targetId, true)))[0]!;
    floor.add(target, measuredTarget);
    response.add(target, measuredInput!, measured!);
    floorResponse.add(target, measuredInput!, measuredTarget);
    // the reader reads crops of the size it was fitted on (faces128's); a dataset of another size is not read
    if (o.hogReader?.reads(crop)) {
      const [hogEdit, hogInput] = [o.hogReader.read(out!), o.hogReader.read(crop)];
      hogEdited.add(target, hogEdit);
      hogBaseline.add(target, hogInput);
      hogResponse.add(target, hogInput, hogEdit);
      if (o.hogReader.reads(targetPhoto)) {
        const hogTarget = o.hogReader.read(targetPhoto);
        hogFloor.add(target, hogTarget);
        hogFloorResponse.add(target, hogInput, hogTarget);
      }
    }
    const [dIn, dOut] = [await describer.describe(crop), await describer.describe(out!)];
    identity.add(descriptorDistance(dIn, dOut));
    baselineId.add(0);
    if (looks) {
      artefacts.add(crop, out!);
      colours.add(crop, out!);
      psnrSum += Math.min(psnr(crop, self!), 100);
      ssimSum += structuralSimilarity(crop, self!, SSIM);
      const [faceInEdit, faceInInput] = [
        (await detector!.detect(out!)).length > 0,
        (await detector!.detect(crop)).length > 0,
      ];
      found += faceInEdit ? 1 : 0;
      foundInput += faceInInput ? 1 : 0;
      kept += faceInEdit && faceInInput ? 1 : 0;
      editFeatures.push(dOut);
      inputFeatures.push(dIn);
      if (index < m) {
        editPixels.add(imageBatch(out!));
        inputPixels.add(imageBatch(crop));
      }
      presetEdits.forEach((e, k) => {
        presetParts.add(e);
        partsByPreset[k]!.add(e);
      });
      inputParts.add(crop);
      partDetail.add(
        crop,
        Object.keys(EMOTIONS).map((name, k) => ({ name, image: presetEdits[k]! })),
      );
    }
    o.onProgress?.();
  }
  const n = ids.length;
  const scores: EditScores = {
    samples: n,
    seed,
    auError: edited.summary(),
    identity: identity.summary(),
    artefactRatio: looks ? artefacts.mean : NaN,
    colourShift: looks ? colours.mean : NaN,
    presetShift: { colour: looks ? presetColours.mean : NaN, lightness: looks ? presetLightness.mean : NaN },
    reconstruction: { psnr: looks ? psnrSum / n : NaN, ssim: looks ? ssimSum / n : NaN },
    faceFoundShare: looks ? found / n : NaN,
    faceKeptShare: looks ? kept / Math.max(1, foundInput) : NaN,
    ...(hogEdited.summary().count ? { hogAuError: hogEdited.summary() } : {}),
    realTarget: {
      auError: floor.summary(),
      ...(hogFloor.summary().count ? { hogAuError: hogFloor.summary() } : {}),
    },
    auResponse: {
      edit: { estimator: response.summary(), ...(hogEdited.summary().count ? { reader: hogResponse.summary() } : {}) },
      realTarget: {
        estimator: floorResponse.summary(),
        ...(hogFloor.summary().count ? { reader: hogFloorResponse.summary() } : {}),
      },
    },
    doNothing: {
      auError: baseline.summary(),
      ...(hogBaseline.summary().count ? { hogAuError: hogBaseline.summary() } : {}),
      identity: baselineId.summary(),
      faceFoundShare: looks ? foundInput / n : NaN,
    },
  };
  if (looks) {
    scores.partDetail = partDetail.summary();
    scores.expressions = { edit: expressionEdits.summary(), doNothing: expressionInputs.summary() };
    scores.apparentAge = {
      edit: ageEdits.summary(),
      selfReconstruction: ageSelf.summary(),
      worst: ageEdits.worst().map(({ label, input, edit }) => ({ ...label, input, edit })),
    };
  }
  if (editFolds.count > 0) scores.folds = { edits: editFolds.summary(), presets: presetFolds.summary() };
  if (looks && m >= 2) {
    const refFeatures: Float32Array[] = [];
    const refPixels = new PyramidDescriptors({ rng: seededRandom(1) });
    for (const id of references) {
      const crop = await readImage(data.images.get(id)!);
      refFeatures.push(await describer.describe(crop));
      refPixels.add(imageBatch(crop));
      o.onProgress?.();
    }
    const ref = refPixels.finish();
    scores.realism = {
      extractor: DESCRIPTOR_NAME,
      references: references.length,
      edit: await realismOf(editFeatures, editPixels, refFeatures, ref),
      doNothing: await realismOf(inputFeatures, inputPixels, refFeatures, ref),
    };
  }
  if (looks && partReferenceCount(data) > 0) {
    const refs = partReferences(data, partReferenceCount(data));
    const refParts = new PartDescriptors();
    for (const id of refs) {
      refParts.add(await readImage(data.images.get(id)!));
      o.onProgress?.();
    }
    const manifolds = await PartManifolds.of(refParts);
    scores.partRealism = {
      references: refs.length,
      presets: await manifolds.precision(presetParts),
      doNothing: await manifolds.precision(inputParts),
      byPreset: {},
    };
    for (const [k, name] of Object.keys(EMOTIONS).entries())
      scores.partRealism.byPreset[name] = await manifolds.precision(partsByPreset[k]!);
  }
  return scores;
}
