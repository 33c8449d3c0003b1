// The flow generator's shading prior: for each Action Unit, how that AU changes the lightness of an
// aligned face in the data (au-shading-prior-data.ts, made by tools/au-shading-prior.ts from faces128):
// the dark gap of parted lips, a smile's nasolabial folds, the furrow of lowered brows. It is a change of
// log-lightness, so the generator multiplies the warped photo's light by exp(Σ change_k · field_k): the
// same shading darkens dark and light skin in proportion and leaves its hue alone.
import { AU_COUNT } from '../../../au/index.js';
import { AU_SHADING, AU_SHADING_GRID } from './au-shading-prior-data.js';

/**
 * The prior fields [AU_COUNT, 1, size, size]: log-lightness change per unit of normalised AU change
 * (raw / 5), upsampled bilinearly (half-pixel centres) from the measured grid to size × size.
 */
export function auShadingPrior(size: number): Float32Array {
  const g = AU_SHADING_GRID;
  const out = new Float32Array(AU_COUNT * size * size);
  // source coordinate of an output pixel centre, clamped to the grid's cell centres
  const src = (i: number) => Math.min(Math.max(((i + 0.5) * g) / size - 0.5, 0), g - 1);
  AU_SHADING.forEach((field, k) => {
    for (let i = 0; i < size; i++) {
      const y = src(i);
      const [y0, fy] = [Math.floor(y), y - Math.floor(y)];
      const y1 = Math.min(y0 + 1, g - 1);
      for (let j = 0; j < size; j++) {
        const x = src(j);
        const [x0, fx] = [Math.floor(x), x - Math.floor(x)];
        const x1 = Math.min(x0 + 1, g - 1);
        const v =
          (1 - fy) * ((1 - fx) * field[y0 * g + x0]! + fx * field[y0 * g + x1]!) +
          fy * ((1 - fx) * field[y1 * g + x0]! + fx * field[y1 * g + x1]!);
        // per raw unit → per normalised unit (raw / 5)
        out[(k * size + i) * size + j] = 5 * v;
      }
    }
  });
  return out;
}
