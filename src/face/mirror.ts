// The 68 landmarks' left-right pairs: MIRROR_68[i] is the landmark that i becomes in the mirror image (jaw, brows,
// nose wings, eyes and lips swapped across the face's midline; the midline's own points map to themselves).
export const MIRROR_68: readonly number[] = [
  16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 27, 28, 29, 30, 35,
  34, 33, 32, 31, 45, 44, 43, 42, 47, 46, 39, 38, 37, 36, 41, 40, 54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55, 64,
  63, 62, 61, 60, 67, 66, 65,
];

/** The left-right symmetric part of a motion of the 68 landmarks, interleaved [x0, y0, x1, y1, …]: its average with
 * its mirror image (each landmark's motion with its mirror landmark's, x negated). */
export function symmetricPart(motion: ArrayLike<number>): Float64Array {
  const out = new Float64Array(136);
  for (let l = 0; l < 68; l++) {
    const m = MIRROR_68[l]!;
    out[2 * l] = (motion[2 * l]! - motion[2 * m]!) / 2;
    out[2 * l + 1] = (motion[2 * l + 1]! + motion[2 * m + 1]!) / 2;
  }
  return out;
}
