// Point-in-polygon by the even-odd rule, for regions drawn from the landmark template.
import type { Point } from './detector.js';

/** Whether p lies inside the closed polygon (even-odd rule; points exactly on an edge may fall either way). */
export function insidePolygon(p: Point, poly: readonly Point[]): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}
