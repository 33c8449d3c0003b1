// The apparent-age sheet of `ganimate eval`: the edits that changed the person most by face-api's age-and-sex net
// (evaluate-edits.ts, apparentAge.worst), each as its input beside its edit, four pairs to a row, so a person can see
// what the numbers call a changed age or sex: painted wrinkles, a borrowed moustache, a face repainted.
import type { FaceDataset } from '../data/face-dataset.js';
import { readImage } from '../image/image-io.js';
import { grid, type RgbImage } from '../image/rgb-image.js';
import type { FaceEditor } from './face-editor.js';

export const PAIRS_PER_ROW = 4;

/** Input and edit of each named edit, re-rendered towards its target; undefined when there are none. */
export async function apparentAgeSheet(
  editor: FaceEditor,
  data: FaceDataset,
  worst: readonly { id: string; target: readonly number[] }[],
): Promise<RgbImage | undefined> {
  if (worst.length === 0) return undefined;
  const tiles: RgbImage[] = [];
  for (const { id, target } of worst) {
    const crop = await readImage(data.images.get(id)!);
    const [edit] = await editor.render(await editor.prepare(crop, id, true), [[Float32Array.from(target)]]);
    tiles.push(crop, edit!);
  }
  return grid(tiles, 2 * Math.min(PAIRS_PER_ROW, worst.length), 2);
}
