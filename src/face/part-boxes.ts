// Boxes around the mouth and the eyes of an aligned face crop (ganimate's template, any size), for measurements that
// look at one part: a whole-face figure averages a smeared mouth away over the rest of the face. Sized so that SWD's
// pyramid has two levels at 128 px (the short side ≥ 32); they hold the template's mouth and eye regions
// (content-region.ts) with a margin for faces that sit a little off the template.
import { TEMPLATE_SIZE } from './template.js';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** At the template's 128 px: the mouth region spans x 38–89, y 76–106; the eyes y ≈ 20–45 (the brows' arches, y 13–19,
 * lie above the eyes' box: it sees their lower edges and the furrow between them). */
const AT_TEMPLATE = {
  mouth: { left: 32, top: 74, width: 64, height: 34 },
  eyes: { left: 22, top: 18, width: 84, height: 34 },
} as const satisfies Record<string, Box>;

export type FacePart = keyof typeof AT_TEMPLATE;
export const FACE_PARTS = Object.keys(AT_TEMPLATE) as FacePart[];

/** The part's box in an aligned crop of `size` pixels. */
export function partBox(part: FacePart, size: number): Box {
  const k = size / TEMPLATE_SIZE;
  const b = AT_TEMPLATE[part];
  return {
    left: Math.round(b.left * k),
    top: Math.round(b.top * k),
    width: Math.round(b.width * k),
    height: Math.round(b.height * k),
  };
}
