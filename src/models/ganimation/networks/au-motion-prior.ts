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

/** config eyeAnchors: points the spline also passes through, each a weighted mean of landmarks, placed and moving as
 * that mean: the midpoints of each eye's six lid segments, the eye's middle, and two points on the way from each upper
 * lid landmark to the brow above it. With two landmarks per lid and nothing between lid and brow, brows raised far
 * above still lids stretched the skin just over the lashes most (4× on a surprise edit whose skin from lid to brow,
 * so anchored, stretches 2× evenly), drawing the lashes' shadow up into a pillar. */
const EYE_ANCHORS: readonly (readonly (readonly [number, number])[])[] = [
  ...[36, 42].flatMap((e) => [
    ...[0, 1, 2, 3, 4, 5].map((k) => [[e + k, 0.5] as const, [e + ((k + 1) % 6), 0.5] as const]),
    [0, 1, 2, 3, 4, 5].map((k) => [e + k, 1 / 6] as const),
  ]),
  ...(
    [
      [36, 18],
      [37, 19],
      [38, 20],
      [39, 21],
      [42, 22],
      [43, 23],
      [44, 24],
      [45, 25],
    ] as const
  ).flatMap(([lid, brow]) => [1 / 3, 2 / 3].map((t) => [[lid, 1 - t] as const, [brow, t] as const])),
];

/** The 68 landmarks' values, then each eye anchor's (its weighted mean of theirs), when `eyeAnchors`. */
function withAnchors(values: readonly number[], eyeAnchors: boolean): number[] {
  if (!eyeAnchors) return [...values];
  return [...values, ...EYE_ANCHORS.map((a) => a.reduce((s, [i, w]) => s + w * values[i]!, 0))];
}

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
export function auMotionPrior(side: number, imageSize = TEMPLATE_SIZE, eyeAnchors = false): Float32Array {
  const { spline, held, cells, toOffset } = priorGrid(side, imageSize, eyeAnchors);
  const out = new Float32Array(AU_COUNT * 2 * side * side);
  // pixels per raw unit → normalised offset per normalised unit: × 5 (raw / 5)
  const k = 5 * toOffset * (imageSize / TEMPLATE_SIZE);
  AU_LANDMARK_MOTION.forEach((motion, au) => {
    for (let c = 0; c < 2; c++) {
      const values = [
        ...withAnchors(
          motion.map((d) => d[c]! * k),
          eyeAnchors,
        ),
        ...held,
      ];
      out.set(spline.interpolate(values, cells), (2 * au + c) * side * side);
    }
  });
  return out;
}

/**
 * The same spline's field for each of the 68 landmarks alone moved by one pixel of the imageSize crop (the others and
 * the border held still): [68, side × side] sampling offsets (normalised, backward), on the prior's grid. A motion of
 * the landmarks m [68] (pixels, along x or along y) makes the field Σ_i m_i · basis_i along the same axis.
 */
export function landmarkSplineBasis(side: number, imageSize = TEMPLATE_SIZE, eyeAnchors = false): Float32Array {
  const { spline, held, cells, toOffset } = priorGrid(side, imageSize, eyeAnchors);
  const out = new Float32Array(68 * side * side);
  for (let i = 0; i < 68; i++) {
    const one = new Array<number>(68).fill(0);
    one[i] = toOffset;
    out.set(spline.interpolate([...withAnchors(one, eyeAnchors), ...held], cells), i * side * side);
  }
  return out;
}

/** The measured motions [AU_COUNT, 2 · 68] (x of the 68 landmarks, then y) in pixels of the imageSize crop per unit of
 * normalised AU change (raw / 5). */
export function auLandmarkMotions(imageSize = TEMPLATE_SIZE): Float32Array {
  const k = 5 * (imageSize / TEMPLATE_SIZE);
  const out = new Float32Array(AU_COUNT * 2 * 68);
  AU_LANDMARK_MOTION.forEach((motion, au) =>
    motion.forEach(([x, y], i) => {
      out[au * 136 + i] = x * k;
      out[au * 136 + 68 + i] = y * k;
    }),
  );
  return out;
}

/** The spline through the template's landmarks (scaled to imageSize), the eye anchors when asked and the held border,
 * the border's values (zeros), the coarse cells' centres, and one pixel of landmark motion as a normalised sampling
 * offset (negated: the output samples where it came from). */
function priorGrid(side: number, imageSize: number, eyeAnchors: boolean) {
  const scale = imageSize / TEMPLATE_SIZE;
  const landmarks = TEMPLATE_68.map(([x, y]): Point => [x * scale, y * scale]);
  const border = borderPoints(imageSize);
  const anchors = [
    ...landmarks,
    ...(eyeAnchors ? EYE_ANCHORS : []).map((a): Point =>
      a.reduce(([x, y], [i, w]) => [x + w * landmarks[i]![0], y + w * landmarks[i]![1]], [0, 0]),
    ),
    ...border,
  ];
  const spline = new ThinPlate(anchors, SMOOTHING * scale * scale);
  // coarse cell centres in pixel coordinates (align-corners false upsampling: cell j covers pixels s·j … s·j + s − 1)
  const step = imageSize / side;
  const cells: Point[] = [];
  for (let i = 0; i < side; i++)
    for (let j = 0; j < side; j++) cells.push([(j + 0.5) * step - 0.5, (i + 0.5) * step - 0.5]);
  return { spline, held: new Array<number>(border.length).fill(0), cells, toOffset: -2 / (imageSize - 1) };
}
