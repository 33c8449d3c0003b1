// The sample sheet of a generator: the same test faces under the same targets every time, so a
// person can look at what the numbers say. Columns: the input, the seven emotion presets, AU12 at
// 0…5 and AU4 at 0…5 (each on the face's own AUs); one row per face.
import { auIndex, type AuVector } from '../au/action-units.js';
import { EMOTIONS, parseEmotion } from '../au/emotions.js';
import type { FaceDataset } from '../data/face-dataset.js';
import { readImage } from '../image/image-io.js';
import { grid, type RgbImage } from '../image/rgb-image.js';
import type { FaceEditor } from './face-editor.js';

const SWEEP = [0, 1, 2, 3, 4, 5];

/** The column titles, left to right. */
export const SHEET_COLUMNS = [
  'input',
  ...Object.keys(EMOTIONS),
  ...SWEEP.map((v) => `AU12=${v}`),
  ...SWEEP.map((v) => `AU04=${v}`),
];

function withAu(own: AuVector, au: number, value: number): AuVector {
  const t = Float32Array.from(own);
  t[auIndex(au)] = value;
  return t;
}

/** Faces are the test split's first `faces` (fixed, so sheets of two models compare). */
export async function editSheet(editor: FaceEditor, data: FaceDataset, faces = 6): Promise<RgbImage> {
  const tiles: RgbImage[] = [];
  for (const id of data.test.slice(0, faces)) {
    const crop = await readImage(data.images.get(id)!);
    const own = data.aus.get(id)!;
    const targets = [
      ...Object.keys(EMOTIONS).map((e) => parseEmotion(e)),
      ...SWEEP.map((v) => withAu(own, 12, v)),
      ...SWEEP.map((v) => withAu(own, 4, v)),
    ];
    const p = await editor.prepare(crop, id, true);
    tiles.push(
      crop,
      ...(await editor.render(
        p,
        targets.map((t) => [t]),
      )),
    );
  }
  return grid(tiles, SHEET_COLUMNS.length, 2);
}
