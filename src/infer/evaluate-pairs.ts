// Self-reenactment on frames of one person (data/video-pairs.ts): each first frame edited towards the second frame's
// AUs, compared with the second frame over the face, beside doing nothing (the first frame as it is). Two frames of one
// clip share the person, the light and the camera, so the second frame is what a perfect edit would look like, up to
// what no AU says (gaze, a blink's timing, the video's noise): an edit that moves the face as real faces move comes
// closer to it than the unedited frame does, one that paints or bends the face goes further. Given face-api's
// age-and-sex net, it also reads how far each edit moved the apparent age and sex of the first frame beside how far the
// real second frame did: the same person's real change of expression, the yardstick for an edit's.
import { faceRegion } from '../face/content-region.js';
import { fromChw } from '../image/rgb-image.js';
import { RAW_MAX } from '../au/action-units.js';
import { seededRandom } from '../random/seeded-random.js';
import type { VideoPairs } from '../data/video-pairs.js';
import type { FaceEditor } from './face-editor.js';
import { ApparentAgeMeter, type ApparentAgeReader } from '../face/apparent-age.js';

export interface PairScores {
  count: number;
  /** Mean absolute difference over the face (faceRegion, [-1, 1] values) between the edit and the second frame. */
  edit: number;
  /** The same for the first frame unedited. */
  doNothing: number;
  /** edit / doNothing: below 1, edits come closer to the real second frames than doing nothing. */
  ratio: number;
  /** The share of pairs whose edit is closer to the second frame than the first frame is. */
  closerShare: number;
  /** With an age-and-sex reader: the first frame against its edit, and against the real second frame. */
  apparentAge?: { edit: ReturnType<ApparentAgeMeter['summary']>; real: ReturnType<ApparentAgeMeter['summary']> };
}

/** `count` pairs drawn with `seed` (the same pairs for every model), each edited by `editor` at the pairs' size. */
export async function evaluatePairs(
  editor: FaceEditor,
  pairs: VideoPairs,
  count: number,
  seed = 0,
  onPair?: () => void,
  ages?: ApparentAgeReader,
): Promise<PairScores> {
  const S = pairs.imageSize;
  const P = S * S;
  const b = pairs.draw(count, seededRandom(seed));
  const face = faceRegion(S);
  const area = 3 * face.reduce((a, v) => a + v, 0);
  const distance = (img: Float32Array, k: number) => {
    let s = 0;
    for (let c = 0; c < 3; c++)
      for (let p = 0; p < P; p++) if (face[p]) s += Math.abs(img[c * P + p]! - b.to[k * 3 * P + c * P + p]!);
    return s / area;
  };
  let [edited, nothing, closer] = [0, 0, 0];
  const [ageEdits, ageReal] = [new ApparentAgeMeter(), new ApparentAgeMeter()];
  const chw = new Float32Array(3 * P);
  for (let k = 0; k < count; k++) {
    const first = b.from.subarray(k * 3 * P, (k + 1) * 3 * P);
    const prepared = await editor.prepare(fromChw(first, S, S), `pair ${k}`, true);
    const target = Float32Array.from(b.toCond.subarray(k * 17, (k + 1) * 17), (v) => v * RAW_MAX);
    const [out] = await editor.render(prepared, [[target]]);
    for (let i = 0; i < P; i++) for (let c = 0; c < 3; c++) chw[c * P + i] = out!.data[i * 3 + c]! / 127.5 - 1;
    const [e, n] = [distance(chw, k), distance(first, k)];
    edited += e;
    nothing += n;
    closer += Number(e < n);
    if (ages) {
      const before = await ages.read(prepared.photo);
      ageEdits.add(before, await ages.read(out!));
      ageReal.add(before, await ages.read(fromChw(b.to.subarray(k * 3 * P, (k + 1) * 3 * P), S, S)));
    }
    onPair?.();
  }
  return {
    count,
    edit: edited / count,
    doNothing: nothing / count,
    ratio: edited / nothing,
    closerShare: closer / count,
    ...(ages ? { apparentAge: { edit: ageEdits.summary(), real: ageReal.summary() } } : {}),
  };
}
