// Donor mouths (model option mouthDonors; experimental, not shipped): where an edit changes the lower face, the flow
// generator's output shows a real mouth there — teeth, lips and interior photographed, not painted — cut from a
// faces128 training crop (training-state/mouth-donors.bin, tools/mouth-donors.ts). The donor is the one nearest in
// the target's lower-face AUs and in the photo's light, moustache and beard (mouth-donor-geometry.ts); its colour is
// scaled to the photo's skin about the mouth, and it is feathered in by an ellipse whose strength follows the size
// of the lower face's change (none when the target is the face's own expression). No weights: nothing is trained.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../shipped-models.js';
import { GanimateError } from '../../../errors.js';
import {
  add,
  amin,
  cat,
  clamp,
  constant,
  conv2d,
  div,
  mul,
  pad,
  reshape,
  sqrt,
  sub,
  sum,
  type Tensor,
} from '../../../torch/index.js';
import {
  descriptorKernels,
  DONOR_BOX,
  DONOR_TEMPLATE,
  donorMask,
  FEATURE_LENGTH,
  LOWER_AUS,
  MATCH_WEIGHTS,
} from './mouth-donor-geometry.js';

/** Not in the npm package: an experimental option's data, kept with the training state (tools/mouth-donors.ts). */
export const DONORS_FILE = join(PACKAGE_ROOT, 'training-state', 'mouth-donors.bin');

export interface Donor {
  id: string;
  /** matchingFeature of its labels and crop */
  feature: Float32Array;
  /** Its ring's mean r g b on [0, 1]. */
  ring: number[];
  /** [3, DONOR_BOX.height, DONOR_BOX.width] bytes. */
  crop: Uint8Array;
}

/** uint32 header length, JSON header, then per donor features (float32), rings (float32) and crops (bytes). */
export function encodeDonors(donors: readonly Donor[]): Buffer {
  const header = Buffer.from(JSON.stringify({ count: donors.length, box: DONOR_BOX, ids: donors.map((d) => d.id) }));
  const padded = Math.ceil((4 + header.length) / 4) * 4;
  const cropSize = 3 * DONOR_BOX.width * DONOR_BOX.height;
  const buf = Buffer.alloc(padded + donors.length * (4 * (FEATURE_LENGTH + 3) + cropSize));
  buf.writeUInt32LE(header.length, 0);
  header.copy(buf, 4);
  const floats = new Float32Array(buf.buffer, buf.byteOffset + padded, donors.length * (FEATURE_LENGTH + 3));
  donors.forEach((d, i) => {
    floats.set(d.feature, i * FEATURE_LENGTH);
    floats.set(d.ring, donors.length * FEATURE_LENGTH + i * 3);
  });
  const cropsAt = padded + 4 * floats.length;
  donors.forEach((d, i) => buf.set(d.crop, cropsAt + i * cropSize));
  return buf;
}

export function decodeDonors(buf: Buffer): Donor[] {
  const length = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + length).toString()) as { count: number; box: unknown; ids: string[] };
  if (JSON.stringify(header.box) !== JSON.stringify(DONOR_BOX))
    throw new GanimateError(`${DONORS_FILE} was cut for another box; rebuild it with tools/mouth-donors.ts`);
  const padded = Math.ceil((4 + length) / 4) * 4;
  const n = header.count;
  const floats = new Float32Array(
    buf.buffer.slice(buf.byteOffset + padded, buf.byteOffset + padded + 4 * n * (FEATURE_LENGTH + 3)),
  );
  const cropSize = 3 * DONOR_BOX.width * DONOR_BOX.height;
  const cropsAt = padded + 4 * floats.length;
  return header.ids.map((id, i) => ({
    id,
    feature: floats.slice(i * FEATURE_LENGTH, (i + 1) * FEATURE_LENGTH),
    ring: [...floats.slice(n * FEATURE_LENGTH + i * 3, n * FEATURE_LENGTH + i * 3 + 3)],
    crop: new Uint8Array(buf.subarray(cropsAt + i * cropSize, cropsAt + (i + 1) * cropSize)),
  }));
}

function readDonors(): Donor[] {
  if (!existsSync(DONORS_FILE))
    throw new GanimateError(
      `model option mouthDonors needs ${DONORS_FILE}, which is not in the npm package: make it from a checkout with node dist/tools/mouth-donors.js`,
    );
  return decodeDonors(readFileSync(DONORS_FILE));
}

/** Lower-face change (raw AU units, Euclidean) from which a donor shows at all, and the span over which it fades in
 * to fully. */
const FADE_FROM = 0.75;
const FADE_SPAN = 0.5;

/** The donors as the generator's constants, at `size`. */
export class DonorMouths {
  readonly count: number;
  private readonly features: Float32Array;
  /** [F, N, 1, 1]: a 1 × 1 convolution of the one-hot choice gives the chosen crop, flattened, on [0, 1]. */
  private readonly crops: Float32Array;
  /** [3, N, 1, 1]: likewise its ring's mean colour. */
  private readonly rings: Float32Array;
  private readonly kernels: Float32Array;
  private readonly mask: Float32Array;
  private readonly lowerMask: Float32Array;
  private readonly box: { x: number; y: number; width: number; height: number };

  constructor(
    readonly size: number,
    readonly cDim: number,
    donors: readonly Donor[] = readDonors(),
  ) {
    if (size !== DONOR_TEMPLATE) throw new GanimateError(`donor mouths are cut at ${DONOR_TEMPLATE} px, not ${size}`);
    const n = (this.count = donors.length);
    this.box = DONOR_BOX;
    this.features = new Float32Array(n * FEATURE_LENGTH);
    donors.forEach((d, i) => this.features.set(d.feature, i * FEATURE_LENGTH));
    const f = 3 * DONOR_BOX.width * DONOR_BOX.height;
    this.crops = new Float32Array(f * n);
    this.rings = new Float32Array(3 * n);
    donors.forEach((d, i) => {
      for (let k = 0; k < f; k++) this.crops[k * n + i] = d.crop[k]! / 255;
      for (let c = 0; c < 3; c++) this.rings[c * n + i] = d.ring[c]!;
    });
    this.kernels = descriptorKernels(size);
    this.mask = donorMask(size);
    this.lowerMask = new Float32Array(cDim);
    for (const i of LOWER_AUS) this.lowerMask[i] = 1;
  }

  /** `painted` [B, 3, H, W] on [−1, 1] with the chosen donor's mouth feathered in; `image` the photo it came from,
   * `aus` the target [B, cDim] and `change` the thresholded change [B, cDim, 1, 1, 1] (both normalised). */
  place(image: Tensor, painted: Tensor, aus: Tensor, change: Tensor): { fake: Tensor; alpha: Tensor } {
    const [b, , h, w] = image.shape as [number, number, number, number];
    const { count: n, cDim } = this;
    const dev = image.device;
    // the photo's nine averages [B, 9] on [0, 1]
    const avg = reshape(conv2d(mul(add(image, 1), 0.5), constant(this.kernels, [9, 3, h, w], dev)), [b, 9]);
    const at = (i: number) => reshape(sum(mul(avg, constant(oneHot(9, i), [1, 9], dev)), 1, true), [b, 1]);
    const ratio = (i: number) => mul(div(at(i), at(5)), MATCH_WEIGHTS.ratio);
    // the target's lower AUs in raw units, then the photo's light and ratios: its matching feature [B, F]
    const lower = LOWER_AUS.map((i) =>
      mul(reshape(sum(mul(aus, constant(oneHot(cDim, i), [1, cDim], dev)), 1, true), [b, 1]), 5),
    );
    const light = [0, 1, 2].map((c) => mul(at(c), MATCH_WEIGHTS.light));
    const feature = reshape(cat([...lower, ...light, ratio(3), ratio(4)], 1), [b, 1, FEATURE_LENGTH]);
    const diff = sub(feature, constant(this.features, [1, n, FEATURE_LENGTH], dev));
    const dist = sum(mul(diff, diff), 2); // [B, N]
    // one-hot on the nearest (a tie, never seen in practice, averages the tied donors)
    const hot = clamp(sub(1, mul(sub(dist, amin(dist, 1, true)), 1e4)), 0, 1);
    const choice = reshape(div(hot, sum(hot, 1, true)), [b, n, 1, 1]);
    const B = this.box;
    const crop = reshape(conv2d(choice, constant(this.crops, [3 * B.width * B.height, n, 1, 1], dev)), [
      b,
      3,
      B.height,
      B.width,
    ]);
    const ringDonor = conv2d(choice, constant(this.rings, [3, n, 1, 1], dev)); // [B, 3, 1, 1]
    const ringPhoto = reshape(sum(mul(reshape(avg, [b, 9, 1]), constant(ringSelector(), [1, 9, 3], dev)), 1), [
      b,
      3,
      1,
      1,
    ]);
    const gain = clamp(div(ringPhoto, clamp(ringDonor, 0.02, null)), 0.75, 1.33);
    const placed = pad(mul(crop, gain), [B.x, w - B.x - B.width, B.y, h - B.y - B.height]);
    const shown = sub(mul(clamp(placed, 0, 1), 2), 1);
    // strength from the lower face's change (raw units)
    const c2 = sum(
      mul(mul(reshape(change, [b, cDim]), reshape(change, [b, cDim])), constant(this.lowerMask, [1, cDim], dev)),
      1,
      true,
    );
    const strength = clamp(div(sub(mul(sqrt(add(c2, 1e-12)), 5), FADE_FROM), FADE_SPAN), 0, 1);
    const alpha = mul(constant(this.mask, [1, 1, h, w], dev), reshape(strength, [b, 1, 1, 1]));
    const fake = add(mul(painted, sub(1, alpha)), mul(shown, alpha));
    return { fake, alpha };
  }
}

function oneHot(n: number, i: number): Float32Array {
  const v = new Float32Array(n);
  v[i] = 1;
  return v;
}

/** [9, 3] as [1, 9, 3]: picks the ring's r g b (averages 6–8). */
function ringSelector(): Float32Array {
  const s = new Float32Array(27);
  for (let c = 0; c < 3; c++) s[(6 + c) * 3 + c] = 1;
  return s;
}
