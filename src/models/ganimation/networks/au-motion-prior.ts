// The flow generator's motion prior: for each Action Unit, the smooth displacement field that moves an
// aligned face the way that AU moves faces in the data. Landmark motions measured on faces128
// (au-motion-prior-data.ts, made by tools/au-motion-prior.ts) are spread over the crop by a thin-plate
// spline through the template's 68 landmarks, held still along the crop's border. The generator adds its
// learned, per-photo fields to these, so from its first step an edit moves brows, lids, lips and jaw
// along anatomically plausible paths instead of wherever the critic can be fooled.
import { AU_COUNT } from '../../../au/index.js';
import { TEMPLATE_68, TEMPLATE_SIZE } from '../../../face/template.js';
import { ThinPlate } from '../../../face/thin-plate.js';
import { AU_LANDMARK_MOTION } from './au-motion-prior-data.js';

type Point = readonly [number, number];

/** Points per border side held still. */
const BORDER_POINTS = 12;
/** Thin-plate smoothing (pixels²): the fit may miss a landmark's measured motion a little to stay smooth. */
const SMOOTHING = 4;

/** Points along the crop's border (pixels), held still by the prior. */
function borderPoints(size: number): Point[] {
  const out: Point[] = [];
  for (let k = 0; k < BORDER_POINTS; k++) {
    const t = ((size - 1) * k) / BORDER_POINTS;
    out.push([t, 0], [size - 1, t], [size - 1 - t, size - 1], [0, size - 1 - t]);
  }
  return out;
}

/**
 * The prior fields [AU_COUNT, 2, side, side] (x then y): sampling offsets in normalised coordinates
 * (align-corners, as `warp`) per unit of normalised AU change (raw / 5), on a side × side grid over the
 * imageSize crop (the generator's coarse flow, side = imageSize / 4). Backward: the output at a landmark's
 * place samples the input where it came from, so the offset is minus the landmark's motion.
 */
export function auMotionPrior(side: number, imageSize = TEMPLATE_SIZE): Float32Array {
  const scale = imageSize / TEMPLATE_SIZE;
  const anchors = [...TEMPLATE_68.map(([x, y]): Point => [x * scale, y * scale]), ...borderPoints(imageSize)];
  const spline = new ThinPlate(anchors, SMOOTHING * scale * scale);
  // coarse cell centres in pixel coordinates (align-corners false upsampling: cell j covers pixels s·j … s·j + s − 1)
  const step = imageSize / side;
  const cells: Point[] = [];
  for (let i = 0; i < side; i++)
    for (let j = 0; j < side; j++) cells.push([(j + 0.5) * step - 0.5, (i + 0.5) * step - 0.5]);
  const out = new Float32Array(AU_COUNT * 2 * side * side);
  // pixels per raw unit → normalised offset per normalised unit: × 5 (raw / 5) × 2 / (size − 1), negated
  const toOffset = (-5 * 2 * scale) / (imageSize - 1);
  AU_LANDMARK_MOTION.forEach((motion, k) => {
    for (let c = 0; c < 2; c++) {
      const values = [...motion.map((d) => d[c]! * toOffset), ...new Array<number>(anchors.length - 68).fill(0)];
      out.set(spline.interpolate(values, cells), (2 * k + c) * side * side);
    }
  });
  return out;
}
