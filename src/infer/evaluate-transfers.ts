// Scores a GeoGAN attribute-transfer model on a dataset's test split (the model card's numbers): each
// test face without the attribute gets it from a random test face that has it. The AU estimator
// (trained apart from GeoGAN) judges whether the attribute is present afterwards, face-api's
// descriptor whether the person is the same. Beside them: the do-nothing transfer (output = target)
// and copying the whole reference face (output = reference), the two ends the model sits between.
import { auIndex } from '../au/action-units.js';
import { ATTRIBUTES, attributeGroups } from '../data/attribute-pairs.js';
import type { FaceDataset } from '../data/face-dataset.js';
import { GanimateError } from '../errors.js';
import { descriptorDistance, FaceDescriber, SAME_PERSON_THRESHOLD } from '../face/descriptor.js';
import { readImage } from '../image/image-io.js';
import type { RgbImage } from '../image/rgb-image.js';
import { seededRandom } from '../random/seeded-random.js';
import type { FaceEditor } from './face-editor.js';
import type { FaceTransfer } from './face-transfer.js';

export interface TransferRow {
  /** Mean raw intensity (0–5) of the attribute's AU, as the estimator reads it. */
  auMean: number;
  /** Share of faces where the estimator reads the AU at or above the attribute's presence level. */
  presentShare: number;
  /** Mean descriptor distance to the target face, and the share under the same-person threshold. */
  identityMean: number;
  samePersonShare: number;
}

export interface TransferScores {
  attribute: string;
  au: string;
  presentAt: number;
  samples: number;
  seed: number;
  transfer: TransferRow;
  doNothing: TransferRow;
  copyReference: TransferRow;
}

/** The AU intensity read as "present": the attribute's presence level of the training pairs (AU12 ≥ 1). */
const PRESENT_AT = 1;

export async function evaluateTransfers(
  model: FaceTransfer,
  judge: FaceEditor,
  data: FaceDataset,
  o: { attribute: string; samples: number; seed?: number; onProgress?: () => void },
): Promise<TransferScores> {
  const seed = o.seed ?? 0;
  const rule = ATTRIBUTES[o.attribute];
  if (!rule)
    throw new GanimateError(`unknown attribute "${o.attribute}"; use one of ${Object.keys(ATTRIBUTES).join(', ')}`);
  const groups = attributeGroups(data, data.test, o.attribute);
  if (!groups.with.length || !groups.without.length)
    throw new GanimateError(
      `the test split needs faces with and without ${o.attribute} (${groups.with.length} with, ${groups.without.length} without)`,
    );
  const rand = seededRandom(seed);
  const targets = groups.without.slice(0, Math.min(o.samples, groups.without.length));
  const describer = await FaceDescriber.load();
  const k = auIndex(rule.au);
  const rows = {
    transfer: [] as [number, number][],
    doNothing: [] as [number, number][],
    copyReference: [] as [number, number][],
  };
  const au = async (img: RgbImage, id: string) => (await judge.estimate(await judge.prepare(img, id, true)))[0]![k]!;
  for (const id of targets) {
    const refId = groups.with[Math.floor(rand() * groups.with.length)]!;
    const [target, reference] = await Promise.all([
      readImage(data.images.get(id)!),
      readImage(data.images.get(refId)!),
    ]);
    const { image } = await model.transferAligned(target, reference);
    const dTarget = await describer.describe(target);
    rows.transfer.push([await au(image, id), descriptorDistance(dTarget, await describer.describe(image))]);
    rows.doNothing.push([await au(target, id), 0]);
    rows.copyReference.push([
      await au(reference, refId),
      descriptorDistance(dTarget, await describer.describe(reference)),
    ]);
    o.onProgress?.();
  }
  const summary = (r: [number, number][]): TransferRow => ({
    auMean: r.reduce((s, x) => s + x[0], 0) / r.length,
    presentShare: r.filter((x) => x[0] >= PRESENT_AT).length / r.length,
    identityMean: r.reduce((s, x) => s + x[1], 0) / r.length,
    samePersonShare: r.filter((x) => x[1] < SAME_PERSON_THRESHOLD).length / r.length,
  });
  return {
    attribute: o.attribute,
    au: `AU${String(rule.au).padStart(2, '0')}`,
    presentAt: PRESENT_AT,
    samples: targets.length,
    seed,
    transfer: summary(rows.transfer),
    doNothing: summary(rows.doNothing),
    copyReference: summary(rows.copyReference),
  };
}
