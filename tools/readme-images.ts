// Regenerates the README's pictures from the shipped models: the sample photo through the emotion
// presets, AU12 swept 0–5, an animation, and test-split faces of faces128 (never seen in training)
// edited towards several expressions; and GeoGAN's smile transfer on the sample photo and on test faces.
//   node dist/tools/readme-images.js [--data ../shared/datasets/faces128] [-o docs/images]
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AU_COUNT, auIndex } from '../src/au/action-units.js';
import { parseEmotion } from '../src/au/emotions.js';
import { SAMPLE_PHOTO, SHIPPED } from '../src/cli/models.js';
import { loadFaceDataset } from '../src/data/face-dataset.js';
import { alignmentFor, cropAligned } from '../src/face/align.js';
import { readImage, writeImage } from '../src/image/image-io.js';
import { grid, type RgbImage } from '../src/image/rgb-image.js';
import { interpolate } from '../src/infer/animation.js';
import { writeAnimation } from '../src/video/frame-sink.js';
import { FaceEditor } from '../src/infer/face-editor.js';
import { FaceTransfer } from '../src/infer/face-transfer.js';
import { attributeGroups } from '../src/data/attribute-pairs.js';

const root = resolve(import.meta.dirname, '..', '..');
const { values: v } = parseArgs({
  options: {
    data: { type: 'string', default: join(root, '..', 'shared', 'datasets', 'faces128') },
    out: { type: 'string', short: 'o', default: join(root, 'docs', 'images') },
  },
});
const out = resolve(v.out!);
mkdirSync(out, { recursive: true });
const editor = await FaceEditor.load({ generator: SHIPPED.generator, estimator: SHIPPED.estimator });
const EXPRESSIONS = ['happy', 'surprise', 'sad', 'anger', 'disgust', 'fear'];

// The sample photo: the face region at 192 px, input first.
const p = await editor.prepare(await readImage(SAMPLE_PHOTO), 'astronaut.png');
const view = (img: RgbImage) => cropAligned(img, alignmentFor(p.faces[0]!.detected!.landmarks, 192), 192);
const [own] = await editor.estimate(p);
const edits = await editor.render(
  p,
  EXPRESSIONS.map((e) => [parseEmotion(e)]),
);
await writeImage(
  join(out, 'astronaut-expressions.png'),
  grid([view(p.photo), ...edits.map(view)], EXPRESSIONS.length + 1, 4),
);
const au12 = auIndex(12);
const sweep = await editor.render(
  p,
  [0, 1, 2, 3, 4, 5].map((s) => [own!.map((b, k) => (k === au12 ? s : b))]),
);
await writeImage(join(out, 'astronaut-au12-sweep.png'), grid([view(p.photo), ...sweep.map(view)], 7, 4));
const frames = await editor.render(
  p,
  [...interpolate(own!, parseEmotion('surprise'), 12), ...interpolate(parseEmotion('surprise'), own!, 12)].map((a) => [
    a,
  ]),
);
await writeAnimation(join(out, 'astronaut-surprise.gif'), frames.map(view), 12);

// Test-split faces (aligned crops): input, then each expression.
const data = loadFaceDataset(v.data!);
const rows: RgbImage[] = [];
for (const id of data.test.filter((_, i) => i % 211 === 0).slice(0, 6)) {
  const face = await editor.prepare(await readImage(data.images.get(id)!), id, true);
  rows.push(
    face.photo,
    ...(await editor.render(face, [
      ...EXPRESSIONS.slice(0, 4).map((e) => [parseEmotion(e)]),
      [new Float32Array(AU_COUNT)],
    ])),
  );
}
await writeImage(join(out, 'test-faces.png'), grid(rows, 6, 2));
await editor.dispose();

// GeoGAN: test faces without a smile (rows) given the smile of test faces with one: target,
// reference, transfer; then, as `ganimate demo` does, the sample photo's sad edit given back the smile
// of the original photo.
const transfer = await FaceTransfer.load(join(SHIPPED.dir, 'geogan-smile.onnx'));
const smiles = attributeGroups(data, data.test, 'smile');
const pairs: RgbImage[] = [];
for (let i = 0; i < 6; i++) {
  const [t, r] = await Promise.all([
    readImage(data.images.get(smiles.without[i * 37]!)!),
    readImage(data.images.get(smiles.with[i * 53]!)!),
  ]);
  pairs.push(t, r, (await transfer.transferAligned(t, r)).image);
}
await writeImage(join(out, 'geogan-test-transfers.png'), grid(pairs, 6, 2));
const sad = edits[EXPRESSIONS.indexOf('sad')]!;
const smiled = await transfer.transfer(sad, p.photo, { target: 'sad edit', reference: 'astronaut.png' });
await writeImage(join(out, 'astronaut-smile-transfer.png'), grid([view(sad), view(p.photo), view(smiled.image)], 3, 4));
await transfer.dispose();
console.log(
  `wrote astronaut-expressions.png, astronaut-au12-sweep.png, astronaut-surprise.gif, test-faces.png, geogan-test-transfers.png, astronaut-smile-transfer.png to ${out}`,
);
