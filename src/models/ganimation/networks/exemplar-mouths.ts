// The exemplar mouths a flow generator with model option mouthExemplars may place (exemplar-mouths-data.ts, made by
// tools/exemplar-mouths.ts from real faces128 crops): teeth and a mouth's interior photographed, in the aligned
// template's frame, for where the lips part and the warped photo has nothing to show.
import { add, clamp, constant, conv2d, div, mul, reshape, sub, sum, type Tensor } from '../../../torch/index.js';
import { EXEMPLAR_MOUTHS } from './exemplar-mouths-data.js';
import { LIGHTNESS_BOX, MOUTH_BOX } from './exemplar-mouth-boxes.js';

const TEMPLATE = 128;

export interface ExemplarMouths {
  count: number;
  /** [count, 3, size, size]: each mouth's light on [0, 1] divided by its face's mean light (so that times a photo's
   * mean light it matches the photo), zero outside MOUTH_BOX. */
  relativeLight: Float32Array;
  /** [1, 3, size, size]: averages the photo's light on [0, 1] over LIGHTNESS_BOX (a convolution kernel). */
  lightKernel: Float32Array;
}

/** The exemplars at size × size (nearest template pixel when the size is not the template's). */
export function exemplarMouths(size: number): ExemplarMouths {
  const k = TEMPLATE / size;
  const at = (i: number) => Math.min(TEMPLATE - 1, Math.floor((i + 0.5) * k));
  const count = EXEMPLAR_MOUTHS.length;
  const relativeLight = new Float32Array(count * 3 * size * size);
  EXEMPLAR_MOUTHS.forEach(({ rgb, light }, e) => {
    const bytes = Buffer.from(rgb, 'base64');
    for (let y = 0; y < size; y++) {
      const v = at(y) - MOUTH_BOX.y;
      if (v < 0 || v >= MOUTH_BOX.height) continue;
      for (let x = 0; x < size; x++) {
        const u = at(x) - MOUTH_BOX.x;
        if (u < 0 || u >= MOUTH_BOX.width) continue;
        for (let c = 0; c < 3; c++)
          relativeLight[((e * 3 + c) * size + y) * size + x] = bytes[(v * MOUTH_BOX.width + u) * 3 + c]! / 255 / light;
      }
    }
  });
  const lightKernel = new Float32Array(3 * size * size);
  const inBox: number[] = [];
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const [u, v] = [at(x), at(y)];
      const L = LIGHTNESS_BOX;
      if (u >= L.x && u < L.x + L.width && v >= L.y && v < L.y + L.height) inBox.push(y * size + x);
    }
  for (const p of inBox) for (let c = 0; c < 3; c++) lightKernel[c * size * size + p] = 1 / (3 * inBox.length);
  return { count, relativeLight, lightKernel };
}

/** The exemplars blended over `painted` [B, 3, H, W] by masks linear in the change: `fields` [B, cDim, count, H, W]
 * (per AU and exemplar, how much to show per unit of change) times `change` [B, cDim, 1, 1, 1], clamped to [0, 1],
 * confined to `region` [H · W] (the mouth), normalised where they sum past 1; each exemplar's light scaled by the
 * photo's (`image` in [−1, 1]). Returns the blend and its coverage α [B, 1, H, W]. */
export function placeExemplarMouths(
  mouths: ExemplarMouths & { region: Float32Array },
  fields: Tensor,
  change: Tensor,
  image: Tensor,
  painted: Tensor,
): { fake: Tensor; alpha: Tensor } {
  const [b, , h, w] = image.shape as [number, number, number, number];
  const { count, relativeLight, lightKernel, region } = mouths;
  const masks = mul(clamp(sum(mul(fields, change), 1), 0, 1), constant(region, [1, 1, h, w], image.device));
  const total = sum(masks, 1, true);
  const weights = div(masks, clamp(total, 1, null));
  const alpha = clamp(total, 0, 1);
  // the photo's mean light on [0, 1] over the nose and cheeks [B, 1, 1, 1]
  const light = conv2d(mul(add(image, 1), 0.5), constant(lightKernel, [1, 3, h, w], image.device));
  const exemplars = mul(constant(relativeLight, [1, count, 3, h, w], image.device), reshape(light, [b, 1, 1, 1, 1]));
  const shown = sum(mul(clamp(exemplars, 0, 1), reshape(weights, [b, count, 1, h, w])), 1);
  // Σ w_k (2·e_k − 1) on [−1, 1], over (1 − α) of the painted photo
  const fake = clamp(add(mul(painted, sub(1, alpha)), sub(mul(shown, 2), alpha)), -1, 1);
  return { fake, alpha };
}
