// Where an aligned face may need new content when its expression changes, so that a penalty on added shading can
// spare it: the eye openings (a blink covers them with lid, a raised lid shows more white) and the mouth (a dropped
// jaw shows its dark interior, a raised lip its teeth). Drawn from the landmark template the dataset is aligned to.
import { TEMPLATE_68, TEMPLATE_SIZE } from './template.js';
import type { Point } from './detector.js';
import { insidePolygon } from './polygon.js';
import { FACE_PARTS, partBox } from './part-boxes.js';

const RIGHT_EYE = [36, 37, 38, 39, 40, 41];
const LEFT_EYE = [42, 43, 44, 45, 46, 47];
const OUTER_LIPS = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59];

/** Margins around each outline in template pixels (of 128): fully inside up to `inner`, fading to 0 at `inner +
 * fade`. */
const EYE_MARGIN = { inner: 1.5, fade: 1.5 };
/** The mouth's margin reaches further below than above: a dropped jaw moves the lower lip down by several pixels. */
const MOUTH_MARGIN = { inner: 3, fade: 2, below: 6 };

function distanceToOutline(p: Point, poly: readonly Point[]): number {
  let best = Infinity;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [ax, ay] = poly[j]!;
    const [bx, by] = poly[i]!;
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy));
  }
  return best;
}

/** 1 inside the outline and within `inner` of it, 0 beyond `inner + fade`, linear between. */
function near(p: Point, poly: readonly Point[], inner: number, fade: number): number {
  if (insidePolygon(p, poly)) return 1;
  return Math.max(0, Math.min(1, 1 - (distanceToOutline(p, poly) - inner) / fade));
}

/** The mouth outline stretched downwards by `below` pixels (its lower half moves, its corners stay). */
function loweredMouth(below: number): Point[] {
  const lips = OUTER_LIPS.map((i) => TEMPLATE_68[i]!);
  const cornerY = (lips[0]![1] + lips[6]![1]) / 2;
  return lips.map(([x, y]): Point => [x, y > cornerY ? y + below : y]);
}

/** The content region of a size × size aligned face, row-major, values in [0, 1]: the eyes and the mouth, or either
 * alone, or the part critics' boxes about them. */
export function contentRegion(
  size: number,
  parts: 'eyes and mouth' | 'mouth' | 'eyes' | 'boxes' = 'eyes and mouth',
): Float32Array {
  if (parts === 'boxes') return partBoxesRegion(size);
  const mouth = loweredMouth(MOUTH_MARGIN.below);
  const out =
    parts === 'mouth' ? new Float32Array(size * size) : eyeSurroundings(size, EYE_MARGIN.inner, EYE_MARGIN.fade);
  if (parts !== 'eyes')
    forEachPixel(size, (i, p) => (out[i] = Math.max(out[i]!, near(p, mouth, MOUTH_MARGIN.inner, MOUTH_MARGIN.fade))));
  return out;
}

/** How far inside a part's box its region fades in, in template pixels. */
const BOX_FADE = 4;

/** The mouth's and the eyes' boxes (part-boxes.ts: what the part critics and the part gates read), each 1 from
 * BOX_FADE template pixels inside its edges and fading to 0 at them: the brows' lower edges and the furrow between
 * them, the lids' skin, the lips and the folds beside them, and nothing a part critic does not see. */
function partBoxesRegion(size: number): Float32Array {
  const boxes = FACE_PARTS.map((part) => partBox(part, TEMPLATE_SIZE));
  const out = new Float32Array(size * size);
  forEachPixel(size, (i, [x, y]) => {
    for (const b of boxes) {
      const inside = Math.min(x - b.left, b.left + b.width - x, y - b.top, b.top + b.height - y);
      out[i] = Math.max(out[i]!, Math.max(0, Math.min(1, inside / BOX_FADE)));
    }
  });
  return out;
}

/** The eyes and their lids, wider than contentRegion's openings: fully inside up to `inner` template pixels of each
 * eye's outline (the lids above and below it), fading to 0 at `inner + fade`. */
export function eyeSurroundings(size: number, inner = 3, fade = 3): Float32Array {
  const eyes = [RIGHT_EYE, LEFT_EYE].map((ids) => ids.map((i) => TEMPLATE_68[i]!));
  const out = new Float32Array(size * size);
  forEachPixel(size, (i, p) => (out[i] = Math.max(...eyes.map((eye) => near(p, eye, inner, fade)))));
  return out;
}

/** How far above the brows the face region reaches, in template pixels: the forehead, where a brow's raise or lowering
 * shows its lines. */
const FOREHEAD = 12;

/** The face of a size × size aligned crop, row-major, 1 inside and 0 outside: within the jaw line and up to FOREHEAD
 * template pixels above the brows. Paired training compares frames there only: the hair, the neck and the background
 * move with the head, not with the expression. */
export function faceRegion(size: number): Float32Array {
  const jaw = Array.from({ length: 17 }, (_, i) => TEMPLATE_68[i]!);
  const brows = [26, 25, 24, 23, 22, 21, 20, 19, 18, 17].map((i): Point => [
    TEMPLATE_68[i]![0],
    TEMPLATE_68[i]![1] - FOREHEAD,
  ]);
  const outline = [...jaw, ...brows];
  const out = new Float32Array(size * size);
  forEachPixel(size, (i, p) => (out[i] = insidePolygon(p, outline) ? 1 : 0));
  return out;
}

/** Each pixel of a size × size crop, row-major, with its centre in template coordinates. */
function forEachPixel(size: number, visit: (index: number, centre: Point) => void): void {
  const k = TEMPLATE_SIZE / size;
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) visit(y * size + x, [(x + 0.5) * k, (y + 0.5) * k]);
}
