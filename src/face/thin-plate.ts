// A thin-plate spline through scattered points (pixels): the smoothest field (least bending energy) that
// takes given values at them, optionally smoothed. Solved once per point set, evaluated for many value sets.

type Point = readonly [number, number];

const kernel = (r2: number) => (r2 > 1e-12 ? 0.5 * r2 * Math.log(r2) : 0); // r² log r

/** A thin-plate spline through `points` (pixels) solved once, evaluated for many value sets. */
export class ThinPlate {
  private readonly n: number;
  private readonly system: Float64Array;

  constructor(
    readonly points: readonly Point[],
    smoothing = 0,
  ) {
    const n = points.length;
    this.n = n;
    const m = n + 3;
    const a = new Float64Array(m * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const [dx, dy] = [points[i]![0] - points[j]![0], points[i]![1] - points[j]![1]];
        a[i * m + j] = kernel(dx * dx + dy * dy) + (i === j ? smoothing : 0);
      }
      const row = [1, points[i]![0], points[i]![1]];
      row.forEach((v, k) => {
        a[i * m + n + k] = v;
        a[(n + k) * m + i] = v;
      });
    }
    this.system = a;
  }

  /** The spline taking `values` at the points, evaluated at `at` (pixels). */
  interpolate(values: readonly number[], at: readonly Point[]): Float64Array {
    const m = this.n + 3;
    const rhs = new Float64Array(m);
    values.forEach((v, i) => (rhs[i] = v));
    const w = solveLinear(this.system, rhs, m);
    return Float64Array.from(at, ([x, y]) => {
      let s = w[this.n]! + w[this.n + 1]! * x + w[this.n + 2]! * y;
      for (let i = 0; i < this.n; i++) {
        const [dx, dy] = [x - this.points[i]![0], y - this.points[i]![1]];
        s += w[i]! * kernel(dx * dx + dy * dy);
      }
      return s;
    });
  }

  /** The map taking each point to `to`'s point of the same index, evaluated at `at`: [x, y] interleaved (pixels). Both
   * coordinates in one pass over the kernel, the cost of one interpolate. */
  map(to: readonly Point[], at: readonly Point[]): Float64Array {
    const m = this.n + 3;
    const [rx, ry] = [new Float64Array(m), new Float64Array(m)];
    to.forEach(([x, y], i) => ((rx[i] = x), (ry[i] = y)));
    const [wx, wy] = [solveLinear(this.system, rx, m), solveLinear(this.system, ry, m)];
    const out = new Float64Array(2 * at.length);
    at.forEach(([x, y], q) => {
      let sx = wx[this.n]! + wx[this.n + 1]! * x + wx[this.n + 2]! * y;
      let sy = wy[this.n]! + wy[this.n + 1]! * x + wy[this.n + 2]! * y;
      for (let i = 0; i < this.n; i++) {
        const [dx, dy] = [x - this.points[i]![0], y - this.points[i]![1]];
        const k = kernel(dx * dx + dy * dy);
        sx += wx[i]! * k;
        sy += wy[i]! * k;
      }
      out[2 * q] = sx;
      out[2 * q + 1] = sy;
    });
    return out;
  }
}

/** x with a · x = b for a square n × n matrix (Gaussian elimination with partial pivoting); throws when singular. */
export function solveLinear(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[piv * n + c]!)) piv = r;
    if (Math.abs(m[piv * n + c]!) < 1e-300) throw new RangeError('solveLinear: the matrix is singular');
    if (piv !== c) {
      for (let k = 0; k < n; k++) [m[c * n + k], m[piv * n + k]] = [m[piv * n + k]!, m[c * n + k]!];
      [x[c], x[piv]] = [x[piv]!, x[c]!];
    }
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c]! / m[c * n + c]!;
      if (f === 0) continue;
      for (let k = c; k < n; k++) m[r * n + k] = m[r * n + k]! - f * m[c * n + k]!;
      x[r] = x[r]! - f * x[c]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let k = r + 1; k < n; k++) s -= m[r * n + k]! * x[k]!;
    x[r] = s / m[r * n + r]!;
  }
  return x;
}
