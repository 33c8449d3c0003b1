// The calibration behind eval's real-looking-parts gate (src/infer/edit-gates.ts): the share of real test faces'
// mouths and eyes inside the manifold of the 2,000 training faces eval uses, for the most expressive real faces (the
// 100 or 300 strongest by mouth, eye or all AUs, held-out faces 500–599 and eval's references left out), for the 100
// most like each emotion preset (the share of the preset's AU intensities their labels reach), and for 700 ordinary
// ones. Run after `npm ci` (which builds dist/): node tools/metrics/part-realism-calibration.mjs [dataset]
import { OPENFACE_COLUMNS } from '../../dist/src/au/action-units.js';
import { EMOTIONS, parseEmotion } from '../../dist/src/au/emotions.js';
import { loadFaceDataset } from '../../dist/src/data/face-dataset.js';
import { readImage } from '../../dist/src/image/image-io.js';
import { evaluationSplit } from '../../dist/src/infer/evaluate-edits.js';
import { PartDescriptors, PartManifolds } from '../../dist/src/metrics/part-realism.js';
import { seededRandom } from '../../dist/src/random/seeded-random.js';

const data = loadFaceDataset(process.argv[2] ?? '../shared/datasets/faces128');
// the same 2,000 training faces as evaluateEdits draws (seed 11)
const ids = [...data.train];
const rand = seededRandom(11);
for (let i = 0; i < 2000; i++) {
  const j = i + Math.floor(rand() * (ids.length - i));
  [ids[i], ids[j]] = [ids[j], ids[i]];
}
const refs = new PartDescriptors();
for (const id of ids.slice(0, 2000)) refs.add(await readImage(data.images.get(id)));
const manifolds = await PartManifolds.of(refs);
const { inputs, references } = evaluationSplit(data, 100, 500);
const candidates = data.test.filter((id) => !inputs.includes(id) && !references.includes(id));
const precisionOf = async (set) => {
  const p = new PartDescriptors();
  for (const id of set) p.add(await readImage(data.images.get(id)));
  return manifolds.precision(p);
};
const groups = {
  mouth: ['AU10_r', 'AU12_r', 'AU15_r', 'AU20_r', 'AU25_r', 'AU26_r'],
  eyes: ['AU01_r', 'AU02_r', 'AU04_r', 'AU05_r', 'AU07_r', 'AU45_r'],
  all: OPENFACE_COLUMNS,
};
for (const [group, columns] of Object.entries(groups)) {
  const at = columns.map((c) => OPENFACE_COLUMNS.indexOf(c));
  const strength = (id) => at.reduce((s, k) => s + data.aus.get(id)[k], 0);
  const sorted = [...candidates].sort((a, b) => strength(b) - strength(a));
  for (const n of [100, 300])
    console.log(`strongest ${n} by ${group} AUs`, JSON.stringify(await precisionOf(sorted.slice(0, n))));
}
for (const name of Object.keys(EMOTIONS)) {
  const preset = parseEmotion(name);
  const total = preset.reduce((s, v) => s + v, 0);
  const likeness = (id) => data.aus.get(id).reduce((s, v, k) => s + Math.min(v, preset[k]), 0) / total;
  const like = [...candidates].sort((a, b) => likeness(b) - likeness(a)).slice(0, 100);
  const reached = like.reduce((s, id) => s + likeness(id), 0) / like.length;
  console.log(`100 most like ${name} (${(100 * reached).toFixed(0)} % of it)`, JSON.stringify(await precisionOf(like)));
}
console.log('700 ordinary test faces', JSON.stringify(await precisionOf(candidates.slice(0, 700))));
