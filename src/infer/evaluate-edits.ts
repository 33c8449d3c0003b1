// Scores a generator on a dataset's test split (the model card's numbers): each test face is edited
// towards the AUs of another random test face; an AU estimator trained apart from the generator
// reads the result (AU error), face-api's descriptor compares it with the input (identity), and the
// same is measured for the do-nothing edit (output = input) as the baseline to beat.
import type { AuVector } from '../au/action-units.js';
import type { FaceDataset } from '../data/face-dataset.js';
import { descriptorDistance, FaceDescriber } from '../face/descriptor.js';
import { readImage } from '../image/image-io.js';
import { seededRandom } from '../random/seeded-random.js';
import { AuErrorMeter, IdentityMeter } from '../metrics/face-metrics.js';
import type { FaceEditor } from './face-editor.js';

export interface EditScores {
  samples: number;
  seed: number;
  auError: ReturnType<AuErrorMeter['summary']>;
  identity: ReturnType<IdentityMeter['summary']>;
  doNothing: { auError: ReturnType<AuErrorMeter['summary']>; identity: ReturnType<IdentityMeter['summary']> };
}

export async function evaluateEdits(editor: FaceEditor, data: FaceDataset, o: { samples: number; seed?: number; onProgress?: () => void }): Promise<EditScores> {
  const seed = o.seed ?? 0;
  const rand = seededRandom(seed);
  const ids = data.test.slice(0, Math.min(o.samples, data.test.length));
  const describer = await FaceDescriber.load();
  const [edited, baseline] = [new AuErrorMeter(), new AuErrorMeter()];
  const [identity, baselineId] = [new IdentityMeter(), new IdentityMeter()];
  for (const id of ids) {
    const crop = await readImage(data.images.get(id)!);
    const target: AuVector = data.aus.get(data.test[Math.floor(rand() * data.test.length)]!)!;
    const p = await editor.prepare(crop, id, true);
    const [out] = await editor.render(p, [[target]]);
    const [measured] = await editor.estimate(await editor.prepare(out!, id, true));
    const [measuredInput] = await editor.estimate(p);
    edited.add(target, measured!);
    baseline.add(target, measuredInput!);
    const dIn = await describer.describe(crop);
    identity.add(descriptorDistance(dIn, await describer.describe(out!)));
    baselineId.add(0);
    o.onProgress?.();
  }
  return { samples: ids.length, seed, auError: edited.summary(), identity: identity.summary(), doNothing: { auError: baseline.summary(), identity: baselineId.summary() } };
}
