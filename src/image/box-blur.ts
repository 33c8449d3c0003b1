// A separable box mean over a square single-channel map, the window clipped at the border (so the border is not
// darkened by zeros beyond it): the local mean that the shading and appearance priors remove from log-lightness.

/** The mean over the (2r + 1)² window about each pixel of an s × s map, row by row; windows clipped at the border. */
export function boxBlur(src: Float64Array, s: number, r: number): Float64Array {
  const pass = (from: Float64Array, at: (i: number, j: number) => number) => {
    const to = new Float64Array(s * s);
    for (let i = 0; i < s; i++)
      for (let j = 0; j < s; j++) {
        let sum = 0;
        const [lo, hi] = [Math.max(0, j - r), Math.min(s - 1, j + r)];
        for (let t = lo; t <= hi; t++) sum += from[at(i, t)]!;
        to[at(i, j)] = sum / (hi - lo + 1);
      }
    return to;
  };
  return pass(
    pass(src, (i, j) => i * s + j),
    (i, j) => j * s + i,
  );
}
