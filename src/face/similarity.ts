// 2-D similarity transforms (rotation, uniform scale, translation): (x, y) -> (a·x − b·y + tx, b·x + a·y + ty).
import type { Point } from './detector.js';

export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

export function apply(t: Similarity, [x, y]: Point): Point {
  return [t.a * x - t.b * y + t.tx, t.b * x + t.a * y + t.ty];
}

export function invert(t: Similarity): Similarity {
  const d = t.a * t.a + t.b * t.b;
  const [a, b] = [t.a / d, -t.b / d];
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

/** Least-squares similarity taking src onto dst (Umeyama, no reflection). */
export function fitSimilarity(src: readonly Point[], dst: readonly Point[]): Similarity {
  const n = src.length;
  if (n < 2 || n !== dst.length)
    throw new Error(`fitSimilarity needs two equal lists of at least 2 points, got ${n} and ${dst.length}`);
  const mean = (ps: readonly Point[]): Point => [
    ps.reduce((s, p) => s + p[0], 0) / n,
    ps.reduce((s, p) => s + p[1], 0) / n,
  ];
  const [mx, my] = mean(src);
  const [mu, mv] = mean(dst);
  let [num1, num2, den] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const [x, y] = [src[i]![0] - mx, src[i]![1] - my];
    const [u, v] = [dst[i]![0] - mu, dst[i]![1] - mv];
    num1 += x * u + y * v;
    num2 += x * v - y * u;
    den += x * x + y * y;
  }
  const [a, b] = [num1 / den, num2 / den];
  return { a, b, tx: mu - (a * mx - b * my), ty: mv - (b * mx + a * my) };
}

export const scaleOf = (t: Similarity): number => Math.hypot(t.a, t.b);
